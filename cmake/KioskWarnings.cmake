# Compiler flags shared by every target of the project.
add_library(kiosk_warnings INTERFACE)
target_compile_options(kiosk_warnings INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                                -Wno-missing-field-initializers)
if(KIOSK_WERROR)
  target_compile_options(kiosk_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O3 (the release preset) reports -Wrestrict, -Warray-bounds, -Wstringop-overread
# and -Wmaybe-uninitialized inside libstdc++'s own std::string, std::vector::insert and
# std::optional code once it is inlined into ours: known false positives of that compiler,
# fixed in later ones. They would greet whoever builds the demo with pages of noise; the dev
# preset (warnings as errors) and clang (fuzz preset) keep checking our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13
   AND CMAKE_BUILD_TYPE STREQUAL "Release")
  target_compile_options(kiosk_warnings INTERFACE -Wno-restrict -Wno-array-bounds
                                                  -Wno-stringop-overread -Wno-maybe-uninitialized)
endif()

if(KIOSK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # GCC 12 with -fsanitize=address at -O2 reports std::function members inside <regex> as
  # "may be used uninitialized" (a false positive of its inliner; every file that includes
  # <regex> trips it). The dev preset keeps the warning as an error.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(kiosk_warnings INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()

# An executable that renders receipts (pango, cairo, fontconfig: caches kept for the life of
# the process) gets LeakSanitizer suppressions for those libraries in sanitizer builds.
function(kiosk_lsan_suppressions target)
  if(KIOSK_SANITIZE)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/drivers/printer/lsan_suppressions.cpp)
  endif()
endfunction()

if(KIOSK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "KIOSK_FUZZ needs clang (use the 'fuzz' preset)")
  endif()
  # Instrument everything for coverage feedback; the fuzz targets add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
