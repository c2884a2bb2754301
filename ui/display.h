// The window and renderer the screens draw into: SDL2 with the SDL_Renderer backend of
// Dear ImGui. Headless mode uses SDL's offscreen video driver and the software renderer, so
// the kiosk renders identically on a machine without a display (tests, CI, screenshots).
//
// Thread: every method must be called from the thread that opened the display (the drawing
// thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/config.h"
#include "base/status.h"
#include "ui/fonts.h"

struct SDL_Window;
struct SDL_Renderer;

namespace kiosk::ui {

struct DisplayOptions {
  bool headless = false;
  bool fullscreen = false;
  Orientation orientation = Orientation::kPortrait;
  int density_dpi = 96;
  // Window size; 0 = the size for the orientation (1080×1920 portrait, 1920×1080 landscape).
  int width = 0;
  int height = 0;
};

// A pointer position and button state that replaces the real mouse for one frame: the
// headless harness taps controls through it, independently of SDL's mouse state.
struct PointerOverride {
  float x = 0;
  float y = 0;
  bool down = false;
};

class Display {
 public:
  static StatusOr<std::unique_ptr<Display>> Open(const DisplayOptions& options);
  ~Display();
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;

  // Waits up to `timeout_ms` for input, feeds it to ImGui and returns true when an event
  // arrived. Sets quit_requested() when the window is closed.
  bool WaitEvents(int timeout_ms);

  // Wakes a WaitEvents() in progress. Thread-safe: worker threads call it after posting to
  // the flow's event queue.
  static void Wake();

  // Queues a key press or release, or typed text, as if from a physical keyboard (harness).
  static void InjectKey(int sdl_keycode, bool down);
  static void InjectText(const std::string& utf8);

  // `pointer` replaces the mouse for this frame when set.
  void BeginFrame(const std::optional<PointerOverride>& pointer = std::nullopt);
  void EndFrame();  // renders and presents

  // Asks the next EndFrame() to keep the rendered pixels, then SaveScreenshot() writes them
  // as a PNG.
  void CaptureNextFrame() { capture_next_ = true; }
  Status SaveScreenshot(const std::string& path);
  // RGBA pixels of the last captured frame (empty before the first capture).
  const std::vector<unsigned char>& last_frame() const { return last_frame_; }

  bool quit_requested() const { return quit_requested_; }
  int width() const { return width_; }
  int height() const { return height_; }
  const FontSet& fonts() const { return fonts_; }
  // Pixels for `mm` millimetres at the configured density (touch targets of 15 mm and more).
  float MillimetresToPixels(float mm) const;

 private:
  Display() = default;

  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  bool imgui_ready_ = false;
  bool headless_ = false;
  bool software_renderer_ = false;
  bool quit_requested_ = false;
  int width_ = 0;
  int height_ = 0;
  int density_dpi_ = 96;
  FontSet fonts_;
  bool capture_next_ = false;
  std::vector<unsigned char> last_frame_;  // RGBA of the last captured frame
};

}  // namespace kiosk::ui
