#include "ui/display.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include <SDL.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include "base/log.h"

namespace kiosk::ui {
namespace {

constexpr float kBodyTextMm = 5.0f;  // about 19 px at 96 dpi, 28 px on a 141 dpi 15.6" panel
constexpr float kTitleTextMm = 9.0f;

// An SDL user event whose only job is to end SDL_WaitEventTimeout early.
Uint32 WakeEventType() {
  static const Uint32 kType = SDL_RegisterEvents(1);
  return kType;
}

}  // namespace

void Display::Wake() {
  SDL_Event event{};
  event.type = WakeEventType();
  SDL_PushEvent(&event);
}

void Display::InjectKey(int sdl_keycode, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  event.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.key.keysym.sym = sdl_keycode;
  event.key.keysym.scancode = SDL_GetScancodeFromKey(sdl_keycode);
  SDL_PushEvent(&event);
}

void Display::InjectText(const std::string& utf8) {
  // SDL_TEXTINPUT carries at most 31 bytes: split on code point boundaries.
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    while (end < utf8.size()) {
      size_t next = end + 1;
      while (next < utf8.size() && (static_cast<unsigned char>(utf8[next]) & 0xC0) == 0x80) ++next;
      if (next - start > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1) break;
      end = next;
    }
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    std::memcpy(event.text.text, utf8.data() + start, end - start);
    SDL_PushEvent(&event);
    start = end;
  }
}

StatusOr<std::unique_ptr<Display>> Display::Open(const DisplayOptions& options) {
  std::unique_ptr<Display> display(new Display());
  display->density_dpi_ = options.density_dpi;

  if (options.headless) {
    // The offscreen driver needs no X server or Wayland compositor; the software renderer
    // gives pixels that can be read back for screenshots.
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    // Otherwise SDL presents the software frame through an OpenGL texture (Mesa's llvmpipe
    // when there is no GPU), which costs more than the drawing itself.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    return UnavailableError(
        fmt::format("SDL could not start its video subsystem: {}", SDL_GetError()));
  }

  int width = options.width;
  int height = options.height;
  if (width == 0 || height == 0) {
    bool portrait = options.orientation == Orientation::kPortrait;
    width = portrait ? 1080 : 1920;
    height = portrait ? 1920 : 1080;
  }
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  if (options.fullscreen && !options.headless) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  display->window_ = SDL_CreateWindow("Guichet unique", SDL_WINDOWPOS_CENTERED,
                                      SDL_WINDOWPOS_CENTERED, width, height, flags);
  if (display->window_ == nullptr) {
    return UnavailableError(fmt::format("SDL could not open a window: {}", SDL_GetError()));
  }
  Uint32 renderer_flags = options.headless ? SDL_RENDERER_SOFTWARE
                                           : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
  display->renderer_ = SDL_CreateRenderer(display->window_, -1, renderer_flags);
  if (display->renderer_ == nullptr && !options.headless) {
    Log(Subsystem::kUi)
        .warn("no accelerated renderer ({}), using the software renderer", SDL_GetError());
    display->renderer_ = SDL_CreateRenderer(display->window_, -1, SDL_RENDERER_SOFTWARE);
  }
  if (display->renderer_ == nullptr) {
    return UnavailableError(fmt::format("SDL could not create a renderer: {}", SDL_GetError()));
  }
  SDL_GetRendererOutputSize(display->renderer_, &display->width_, &display->height_);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplSDL2_InitForSDLRenderer(display->window_);
  ImGui_ImplSDLRenderer_Init(display->renderer_);
  display->imgui_ready_ = true;

  float body_px = display->MillimetresToPixels(kBodyTextMm);
  float title_px = display->MillimetresToPixels(kTitleTextMm);
  KIOSK_ASSIGN_OR_RETURN(display->fonts_, LoadKioskFontSet(io, body_px, title_px));
  WakeEventType();
  Log(Subsystem::kUi)
      .info("display {}x{} ({}), font {}", display->width_, display->height_,
            options.headless ? "headless" : "window", display->fonts_.scales[0].path);
  return display;
}

Display::~Display() {
  if (imgui_ready_) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

float Display::MillimetresToPixels(float mm) const {
  return mm * static_cast<float>(density_dpi_) / 25.4f;
}

bool Display::WaitEvents(int timeout_ms) {
  SDL_Event event;
  bool any = false;
  // Block for the first event only; then drain whatever else is queued.
  if (SDL_WaitEventTimeout(&event, timeout_ms) == 0) return false;
  do {
    any = true;
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) quit_requested_ = true;
  } while (SDL_PollEvent(&event) != 0);
  return any;
}

void Display::BeginFrame(const std::optional<PointerOverride>& pointer) {
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  if (pointer) {
    // After the backend read SDL's mouse, before ImGui uses it.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(pointer->x, pointer->y);
    io.MouseDown[0] = pointer->down;
  }
  ImGui::NewFrame();
}

void Display::EndFrame() {
  ImGui::Render();
  SDL_SetRenderDrawColor(renderer_, 0, 0, 0, 255);
  SDL_RenderClear(renderer_);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  // Pixels are kept for SaveScreenshot: the back buffer is undefined after a present.
  if (capture_next_) {
    capture_next_ = false;
    last_frame_.assign(static_cast<size_t>(width_) * height_ * 4, 0);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, last_frame_.data(),
                             width_ * 4) != 0) {
      last_frame_.clear();
    }
  }
  SDL_RenderPresent(renderer_);
}

Status Display::SaveScreenshot(const std::string& path) {
  if (last_frame_.empty()) {
    return FailedPreconditionError("no captured frame: call CaptureNextFrame() before EndFrame()");
  }
  // ABGR8888 on a little-endian machine is R, G, B, A in memory: what PNG wants.
  if (stbi_write_png(path.c_str(), width_, height_, 4, last_frame_.data(), width_ * 4) == 0) {
    return UnavailableError(fmt::format("could not write the screenshot {}", path));
  }
  Log(Subsystem::kUi).info("screenshot written to {}", path);
  return OkStatus();
}

}  // namespace kiosk::ui
