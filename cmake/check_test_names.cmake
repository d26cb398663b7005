# Fails the configure step when a Catch2 test name holds a ';'.
# catch_discover_tests hands the names to CTest as a CMake list, which splits
# them at ';': such a test case is registered as two names that match no test,
# and it silently never runs under ctest (it happened to 11 cases once).
function(news_check_test_names)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/schema/*.cpp ${PROJECT_SOURCE_DIR}/indexer/*.cpp
    ${PROJECT_SOURCE_DIR}/searcher/*.cpp ${PROJECT_SOURCE_DIR}/web/*.cpp
    ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/fuzz/*.cpp)
  set(bad "")
  foreach(source IN LISTS sources)
    # file(STRINGS) itself splits at ';', so read the lines whole with file(READ).
    file(READ ${source} text)
    string(REGEX MATCHALL "TEST_CASE(_METHOD)?\\([^\n\"]*\"[^\"\n]*\\\\?;[^\"\n]*\"" hits "${text}")
    if(hits)
      file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${source})
      list(APPEND bad ${rel})
    endif()
  endforeach()
  if(bad)
    string(REPLACE ";" ", " bad "${bad}")
    message(FATAL_ERROR "Test names with ';' (CTest would split them and never run them) in: ${bad}")
  endif()
endfunction()
news_check_test_names()
