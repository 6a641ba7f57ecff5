# stochos_module(NAME SOURCES ... [DEPS ...] [PUBLIC_LIBS ...])
# Each module of libstochos is its own static library so that the link graph enforces
# the layering of docs/style.md: a module can only use the modules it names in DEPS.
function(stochos_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(stochos_${name} STATIC ${M_SOURCES})
  add_library(stochos::${name} ALIAS stochos_${name})
  target_include_directories(stochos_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(stochos_${name} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  set(deps)
  foreach(d IN LISTS M_DEPS)
    list(APPEND deps stochos::${d})
  endforeach()
  target_link_libraries(stochos_${name} PUBLIC ${deps} ${M_PUBLIC_LIBS} PRIVATE ${M_PRIVATE_LIBS})
endfunction()

# stochos_test(NAME LABEL unit|e2e SOURCES ... DEPS ...)
# One GoogleTest binary per module and label; tests find ../shared through STOCHOS_SHARED_DIR
# and the built CLI through STOCHOS_CLI.
function(stochos_test name)
  if(NOT STOCHOS_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "LABEL" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  set(deps)
  foreach(d IN LISTS T_DEPS)
    list(APPEND deps stochos::${d})
  endforeach()
  target_link_libraries(${name} PRIVATE ${deps} stochos_testing GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  gtest_discover_tests(${name}
    PROPERTIES LABELS ${T_LABEL}
    ENVIRONMENT "STOCHOS_SHARED_DIR=${STOCHOS_SHARED_DIR};STOCHOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
