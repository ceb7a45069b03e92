# Runs one golden case through the real archc binary and compares the output
# with the expectation beside it. Called by ctest (see tests/CMakeLists.txt):
#   cmake -DARCHC=... -DROOT=tests/golden -DCASE=syntax/fail_x.arch -P run_case.cmake
# A case named fail_*.arch must exit 1 and print exactly <case>.diag on
# stderr: from `archc check`, or, under build/ (build/errors/fail_*.arch),
# from `archc build`, for what only the backends see (the schema of a raw
# resource). Any other case must exit 0 and print nothing on stderr, and if
# <case>.ast exists, `archc parse --dump-ast` must print exactly that (to
# start one, create the file empty and update).
# With ARCHC_UPDATE_GOLDEN=1 in the environment the expectations are
# rewritten instead: review the diff before committing it.
cmake_minimum_required(VERSION 3.25)

get_filename_component(name "${CASE}" NAME_WE)
string(REGEX REPLACE "\\.arch$" "" stem "${CASE}")
set(update "$ENV{ARCHC_UPDATE_GOLDEN}")

function(compare expected_file actual)
  if(update)
    file(WRITE "${ROOT}/${expected_file}" "${actual}")
    return()
  endif()
  if(NOT EXISTS "${ROOT}/${expected_file}")
    message(FATAL_ERROR "missing ${expected_file}; create it with ARCHC_UPDATE_GOLDEN=1 and review it\n--- actual ---\n${actual}")
  endif()
  file(READ "${ROOT}/${expected_file}" expected)
  if(NOT expected STREQUAL actual)
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/actual.txt" "${actual}")
    execute_process(COMMAND diff -u "${ROOT}/${expected_file}" "${CMAKE_CURRENT_BINARY_DIR}/actual.txt"
                    OUTPUT_VARIABLE difference)
    message(FATAL_ERROR "${expected_file} differs:\n${difference}")
  endif()
endfunction()

if(name MATCHES "^fail_" AND CASE MATCHES "^build/")
  # Nothing is written when the build fails; the directory is only a target.
  execute_process(COMMAND "${ARCHC}" build --color never "${CASE}" -o "${CMAKE_CURRENT_BINARY_DIR}/out-${name}"
                  WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 1)
    message(FATAL_ERROR "${CASE}: expected `archc build` to exit with 1, got ${code}\n${err}")
  endif()
  compare("${stem}.diag" "${err}")
elseif(name MATCHES "^fail_")
  execute_process(COMMAND "${ARCHC}" check --color never "${CASE}"
                  WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 1)
    message(FATAL_ERROR "${CASE}: expected exit code 1, got ${code}\n${err}")
  endif()
  compare("${stem}.diag" "${err}")
else()
  execute_process(COMMAND "${ARCHC}" check --color never "${CASE}"
                  WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "${CASE}: expected a clean check, got exit ${code}:\n${err}")
  endif()
  if(EXISTS "${ROOT}/${stem}.ast")
    execute_process(COMMAND "${ARCHC}" parse --dump-ast --color never "${CASE}"
                    WORKING_DIRECTORY "${ROOT}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    compare("${stem}.ast" "${out}")
  endif()
endif()
