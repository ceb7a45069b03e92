# Checks that every ```arch block of a Markdown document is a complete
# program that `archc check` accepts without a word: exit code 0, nothing on
# standard output or standard error. Blocks fenced ```arch-fragment (syntax
# shown out of context) and any other fence are skipped. Called by ctest
# (see tests/docs/CMakeLists.txt):
#   cmake -DARCHC=path/to/archc -DDOC=docs/language.md -DWORK=scratch/dir \
#         -P check_doc_blocks.cmake
# Each block is written to WORK/block_N.arch (N counts the checked blocks
# from 1) and checked there; a failure lists, for every failing block, its
# line in the document and archc's output.
cmake_minimum_required(VERSION 3.25)

foreach(var ARCHC DOC WORK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_doc_blocks.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${DOC}")
  message(FATAL_ERROR "check_doc_blocks.cmake: cannot read ${DOC}")
endif()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# The document is walked line by line with string(FIND) rather than turned
# into a CMake list: Arch source contains `[`, `]` and could contain `;`,
# which CMake lists treat specially.
file(READ "${DOC}" text)
set(line_no 0)
set(fence "")          # the opening fence (``` or ~~~ run) while inside a block
set(is_arch FALSE)     # whether the current block is an ```arch block
set(block "")
set(block_line 0)
set(count 0)
set(failures "")
set(failed 0)
set(failed_lines "")

# Checks WORK/block_NUMBER.arch, which starts at line DOC_LINE of the document.
function(check_block number doc_line)
  set(file "${WORK}/block_${number}.arch")
  execute_process(COMMAND "${ARCHC}" check --color never "${file}"
                  WORKING_DIRECTORY "${WORK}"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL "0" OR NOT out STREQUAL "" OR NOT err STREQUAL "")
    set(failures "${failures}\n--- ${DOC}:${doc_line}: block ${number} (${file}): exit ${code}\n${out}${err}" PARENT_SCOPE)
    math(EXPR n "${failed} + 1")
    set(failed ${n} PARENT_SCOPE)
    set(failed_lines "${failed_lines} ${doc_line}" PARENT_SCOPE)
  endif()
endfunction()

while(NOT text STREQUAL "")
  string(FIND "${text}" "\n" nl)
  if(nl EQUAL -1)
    set(line "${text}")
    set(text "")
  else()
    string(SUBSTRING "${text}" 0 ${nl} line)
    math(EXPR rest "${nl} + 1")
    string(SUBSTRING "${text}" ${rest} -1 text)
  endif()
  string(REGEX REPLACE "\r$" "" line "${line}")
  math(EXPR line_no "${line_no} + 1")

  if(fence STREQUAL "")
    # Outside a block: an opening fence of up to three spaces' indent.
    if(line MATCHES "^ ? ? ?(```+|~~~+)[ \t]*([^ \t]*)")
      set(fence "${CMAKE_MATCH_1}")
      set(is_arch FALSE)
      if(CMAKE_MATCH_2 STREQUAL "arch")
        set(is_arch TRUE)
        set(block "")
        math(EXPR block_line "${line_no} + 1")
      endif()
    endif()
  else()
    # Inside a block: a closing fence is a run of the same character at least
    # as long as the opening one, and nothing else.
    string(SUBSTRING "${fence}" 0 1 fence_char)
    set(closing FALSE)
    if(line MATCHES "^ ? ? ?(```+|~~~+)[ \t]*$")
      string(SUBSTRING "${CMAKE_MATCH_1}" 0 1 close_char)
      string(LENGTH "${CMAKE_MATCH_1}" close_len)
      string(LENGTH "${fence}" open_len)
      if(close_char STREQUAL fence_char AND NOT close_len LESS open_len)
        set(closing TRUE)
      endif()
    endif()
    if(closing)
      if(is_arch)
        math(EXPR count "${count} + 1")
        file(WRITE "${WORK}/block_${count}.arch" "${block}")
        check_block(${count} ${block_line})
      endif()
      set(fence "")
      set(is_arch FALSE)
    elseif(is_arch)
      string(APPEND block "${line}\n")
    endif()
  endif()
endwhile()

if(NOT fence STREQUAL "")
  message(FATAL_ERROR "${DOC}: a code block is not closed before the end of the file")
endif()
if(count EQUAL 0)
  message(FATAL_ERROR "${DOC}: no ```arch blocks found; is this the right file?")
endif()
if(failed GREATER 0)
  # archc's output goes out verbatim (FATAL_ERROR would re-wrap it), then the
  # summary that fails the script.
  message(NOTICE "${failures}")
  message(FATAL_ERROR "${failed} of ${count} ```arch blocks in ${DOC} do not pass `archc check`"
                      " (at lines${failed_lines}); see above. A block that is not a whole program"
                      " is fenced ```arch-fragment.")
endif()
message(STATUS "${count} ```arch blocks in ${DOC} pass `archc check`")
