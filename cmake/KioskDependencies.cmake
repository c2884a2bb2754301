# Finds the Debian packages the kiosk builds against. Each one becomes an imported target so
# that layers name exactly what they use.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(SDL2 REQUIRED)
find_package(CURL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Cups REQUIRED)

pkg_check_modules(PCSC REQUIRED IMPORTED_TARGET libpcsclite)
pkg_check_modules(NFC REQUIRED IMPORTED_TARGET libnfc)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
# Regular expressions of procedure files: linear-time matching, whatever the pattern.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-pdf)
pkg_check_modules(PANGO REQUIRED IMPORTED_TARGET pangocairo)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)

# Dear ImGui is Debian's libimgui-dev (1.86). The SDL platform and SDL_Renderer backends are
# not in the library, but Debian ships their sources as examples: compile them from there.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
set(KIOSK_IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends
    CACHE PATH "Folder holding Debian's Dear ImGui backend sources")
foreach(backend imgui_impl_sdl.cpp imgui_impl_sdlrenderer.cpp)
  if(NOT EXISTS ${KIOSK_IMGUI_BACKENDS_DIR}/${backend})
    message(FATAL_ERROR "${backend} not found in ${KIOSK_IMGUI_BACKENDS_DIR}: "
                        "install libimgui-dev (scripts/install-deps.sh)")
  endif()
endforeach()
add_library(imgui_sdl_backends STATIC ${KIOSK_IMGUI_BACKENDS_DIR}/imgui_impl_sdl.cpp
                                      ${KIOSK_IMGUI_BACKENDS_DIR}/imgui_impl_sdlrenderer.cpp)
target_include_directories(imgui_sdl_backends SYSTEM PUBLIC /usr/include/imgui
                                                            /usr/include/imgui/backends)
target_link_libraries(imgui_sdl_backends PUBLIC PkgConfig::IMGUI SDL2::SDL2)
# Third-party code: its warnings are not ours to fix.
target_compile_options(imgui_sdl_backends PRIVATE -w)
