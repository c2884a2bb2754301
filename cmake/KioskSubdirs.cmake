# kiosk_add_subdirectories(): adds every direct subfolder of the current source folder that
# has a CMakeLists.txt, in name order. Each backend or test area lives in its own folder, so
# adding one does not touch a shared list.
function(kiosk_add_subdirectories)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child ${children})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
