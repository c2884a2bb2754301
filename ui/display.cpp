#include "ui/display.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
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

// Headless, SDL_WaitEventTimeout cannot block: the offscreen driver has no way to wait, so SDL
// polls every millisecond (900 wake-ups a second on the welcome screen, 2 % of a core). The
// display waits on this instead; whoever pushes an event (Wake, the Inject calls) signals it.
struct HeadlessWakeup {
  std::mutex mutex;
  std::condition_variable signalled;
  bool pending = false;
};

HeadlessWakeup& Wakeup() {
  static HeadlessWakeup wakeup;
  return wakeup;
}

void SignalWakeup() {
  HeadlessWakeup& wakeup = Wakeup();
  {
    std::lock_guard lock(wakeup.mutex);
    wakeup.pending = true;
  }
  wakeup.signalled.notify_one();
}

// SDL's own events (a quit on SIGINT or SIGTERM where its signal handlers are installed) arrive
// only when its events are pumped: a headless wait still pumps them this often.
constexpr std::chrono::milliseconds kHeadlessPumpInterval(100);

// Waits up to `timeout_ms` for an SDL event, headless; true with the event in `event`.
bool WaitEventHeadless(int timeout_ms, SDL_Event* event) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  HeadlessWakeup& wakeup = Wakeup();
  while (true) {
    if (SDL_PollEvent(event) != 0) return true;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    // An event pushed since the poll has set `pending`: the wait returns at once.
    std::unique_lock lock(wakeup.mutex);
    wakeup.signalled.wait_until(lock, std::min(deadline, now + kHeadlessPumpInterval),
                                [&wakeup] { return wakeup.pending; });
    wakeup.pending = false;
  }
}

// Two triangles of a solid, opaque, axis-aligned rectangle at `first` (Dear ImGui's PrimRect:
// a b c, a c d): its rectangle and colour.
bool OpaqueRectangle(const ImDrawVert* vertices, const ImDrawIdx* indices, unsigned first,
                     unsigned count, const ImVec2& white, SDL_FRect* rect, ImU32* colour) {
  if (first + 6 > count) return false;
  const ImDrawIdx* i = indices + first;
  if (i[3] != i[0] || i[4] != i[2]) return false;
  const ImDrawVert* corner[4] = {&vertices[i[0]], &vertices[i[1]], &vertices[i[2]],
                                 &vertices[i[5]]};
  for (const ImDrawVert* v : corner) {
    if (v->col != corner[0]->col || v->uv.x != white.x || v->uv.y != white.y) return false;
  }
  if ((corner[0]->col & IM_COL32_A_MASK) != IM_COL32_A_MASK) return false;
  const ImVec2 &a = corner[0]->pos, &b = corner[1]->pos, &c = corner[2]->pos, &d = corner[3]->pos;
  bool rectangle = (a.y == b.y && b.x == c.x && c.y == d.y && d.x == a.x) ||
                   (a.x == b.x && b.y == c.y && c.x == d.x && d.y == a.y);
  if (!rectangle || a.x == c.x || a.y == c.y) return false;
  *rect = {std::min(a.x, c.x), std::min(a.y, c.y), std::abs(c.x - a.x), std::abs(c.y - a.y)};
  *colour = corner[0]->col;
  return true;
}

// What ImGui_ImplSDLRenderer_RenderDrawData does, for the software renderer, which pays for
// every pixel. Dear ImGui gives every triangle its font texture, the solid-colour ones too
// (they sample its white pixel), and SDL's software renderer draws a textured triangle through
// a slow per-pixel path over its whole bounding box, and every rectangle with blending. Here
// solid triangles go without the texture (SDL's fill path) and opaque rectangles (the
// screen's background, twice over with a list) are filled without blending: a frame of the
// text step with its keyboard at 1080×1920 takes 7 ms instead of 19 (bench/ui). The
// accelerated renderers keep the backend's function.
void RenderDrawDataInSoftware(SDL_Renderer* renderer, ImDrawData* draw_data) {
  ImVec2 scale = draw_data->FramebufferScale;
  float fb_width = draw_data->DisplaySize.x * scale.x;
  float fb_height = draw_data->DisplaySize.y * scale.y;
  if (fb_width <= 0 || fb_height <= 0) return;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  SDL_RenderSetViewport(renderer, nullptr);

  for (int n = 0; n < draw_data->CmdListsCount; ++n) {
    const ImDrawList* list = draw_data->CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      ImVec2 clip_min((cmd.ClipRect.x - draw_data->DisplayPos.x) * scale.x,
                      (cmd.ClipRect.y - draw_data->DisplayPos.y) * scale.y);
      ImVec2 clip_max((cmd.ClipRect.z - draw_data->DisplayPos.x) * scale.x,
                      (cmd.ClipRect.w - draw_data->DisplayPos.y) * scale.y);
      clip_min = ImVec2(std::max(clip_min.x, 0.0f), std::max(clip_min.y, 0.0f));
      clip_max = ImVec2(std::min(clip_max.x, fb_width), std::min(clip_max.y, fb_height));
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
      SDL_Rect clip = {static_cast<int>(clip_min.x), static_cast<int>(clip_min.y),
                       static_cast<int>(clip_max.x - clip_min.x),
                       static_cast<int>(clip_max.y - clip_min.y)};
      SDL_RenderSetClipRect(renderer, &clip);

      const ImDrawVert* vertices = list->VtxBuffer.Data + cmd.VtxOffset;
      int vertex_count = list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
      const ImDrawIdx* indices = list->IdxBuffer.Data + cmd.IdxOffset;
      const unsigned count = cmd.ElemCount;
      auto solid = [&](unsigned first) {
        for (unsigned k = first; k < first + 3; ++k) {
          const ImVec2& uv = vertices[indices[k]].uv;
          if (uv.x != white.x || uv.y != white.y) return false;
        }
        return true;
      };
      SDL_FRect rect;
      ImU32 colour;
      for (unsigned start = 0; start + 3 <= count;) {
        if (OpaqueRectangle(vertices, indices, start, count, white, &rect, &colour)) {
          SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
          SDL_SetRenderDrawColor(renderer, (colour >> IM_COL32_R_SHIFT) & 0xFF,
                                 (colour >> IM_COL32_G_SHIFT) & 0xFF,
                                 (colour >> IM_COL32_B_SHIFT) & 0xFF, 0xFF);
          SDL_RenderFillRectF(renderer, &rect);
          start += 6;
          continue;
        }
        // A run of triangles that are all solid or all textured, in one call.
        bool is_solid = solid(start);
        unsigned end = start + 3;
        while (end + 3 <= count && solid(end) == is_solid &&
               !OpaqueRectangle(vertices, indices, end, count, white, &rect, &colour)) {
          end += 3;
        }
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
        SDL_RenderGeometryRaw(
            renderer, is_solid ? nullptr : static_cast<SDL_Texture*>(cmd.GetTexID()),
            &vertices->pos.x, sizeof(ImDrawVert),
            reinterpret_cast<const SDL_Color*>(&vertices->col), sizeof(ImDrawVert),
            is_solid ? nullptr : &vertices->uv.x, sizeof(ImDrawVert), vertex_count, indices + start,
            static_cast<int>(end - start), sizeof(ImDrawIdx));
        start = end;
      }
    }
  }
  SDL_RenderSetClipRect(renderer, nullptr);
}

}  // namespace

void Display::Wake() {
  SDL_Event event{};
  event.type = WakeEventType();
  SDL_PushEvent(&event);
  SignalWakeup();
}

void Display::InjectKey(int sdl_keycode, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  event.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.key.keysym.sym = sdl_keycode;
  event.key.keysym.scancode = SDL_GetScancodeFromKey(sdl_keycode);
  SDL_PushEvent(&event);
  SignalWakeup();
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
  SignalWakeup();
}

StatusOr<std::unique_ptr<Display>> Display::Open(const DisplayOptions& options) {
  std::unique_ptr<Display> display(new Display());
  display->density_dpi_ = options.density_dpi;
  display->headless_ = options.headless;

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
  SDL_RendererInfo renderer_info{};
  display->software_renderer_ = SDL_GetRendererInfo(display->renderer_, &renderer_info) == 0 &&
                                (renderer_info.flags & SDL_RENDERER_SOFTWARE) != 0;

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
  if (headless_ && timeout_ms > 0) {
    if (!WaitEventHeadless(timeout_ms, &event)) return false;
  } else if (SDL_WaitEventTimeout(&event, timeout_ms) == 0) {
    return false;
  }
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
  if (software_renderer_) {
    RenderDrawDataInSoftware(renderer_, ImGui::GetDrawData());
  } else {
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  }
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
