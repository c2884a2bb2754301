# Helpers for declaring tests. Every test target is a GoogleTest binary discovered by ctest;
# the label names the area (unit, card, procedures, ui, central, sync, print, provisioning,
# e2e) so that `ctest -L card` runs one area.
include(GoogleTest)
find_package(GTest REQUIRED)

# kiosk_add_gtest(NAME name SOURCES ... LIBS ... LABELS ... [RESOURCE_LOCK lock] [TIMEOUT s])
function(kiosk_add_gtest)
  cmake_parse_arguments(T "" "NAME;TIMEOUT;RESOURCE_LOCK" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main
                                          kiosk_warnings)
  target_compile_definitions(${T_NAME} PRIVATE KIOSK_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                               KIOSK_BINARY_DIR="${CMAKE_BINARY_DIR}")
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set(props LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
  if(T_RESOURCE_LOCK)
    list(APPEND props RESOURCE_LOCK ${T_RESOURCE_LOCK})
  endif()
  if(T_ENVIRONMENT)
    list(APPEND props ENVIRONMENT "${T_ENVIRONMENT}")
  endif()
  gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
endfunction()

# kiosk_add_fuzzer(NAME name SOURCES ... LIBS ... [SECONDS n])
# With KIOSK_FUZZ (preset 'fuzz'): a libFuzzer binary and a ctest test (label 'fuzz') that
# fuzzes it for SECONDS (default 20) from the seeds in fuzz/corpus/<name>.
# Otherwise, with tests on: a replay binary that runs every seed through the same entry point
# (label 'unit'), so that fuzz targets always compile and old crashes stay fixed.
if(NOT TARGET fuzzers)
  add_custom_target(fuzzers)
endif()
function(kiosk_add_fuzzer)
  cmake_parse_arguments(F "" "NAME;SECONDS" "SOURCES;LIBS" ${ARGN})
  if(NOT F_SECONDS)
    set(F_SECONDS 20)
  endif()
  set(seeds ${PROJECT_SOURCE_DIR}/fuzz/corpus/${F_NAME})
  if(KIOSK_FUZZ)
    add_executable(${F_NAME} ${F_SOURCES})
    target_link_libraries(${F_NAME} PRIVATE ${F_LIBS})
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    add_dependencies(fuzzers ${F_NAME})
    set(work ${CMAKE_BINARY_DIR}/fuzz-corpus/${F_NAME})
    file(MAKE_DIRECTORY ${work})
    add_test(NAME fuzz.${F_NAME}
             COMMAND ${F_NAME} -max_total_time=${F_SECONDS} -timeout=10 -rss_limit_mb=2048
                     -print_final_stats=1 ${work} ${seeds})
    set_tests_properties(fuzz.${F_NAME} PROPERTIES LABELS fuzz TIMEOUT 600)
  elseif(KIOSK_BUILD_TESTS)
    add_executable(${F_NAME}_replay ${F_SOURCES} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_link_libraries(${F_NAME}_replay PRIVATE ${F_LIBS})
    add_test(NAME replay.${F_NAME} COMMAND ${F_NAME}_replay ${seeds})
    set_tests_properties(replay.${F_NAME} PROPERTIES LABELS unit TIMEOUT 120)
  endif()
endfunction()
