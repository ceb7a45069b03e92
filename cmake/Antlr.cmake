# Runs the ANTLR tool on grammar/*.g4 into the build tree and builds the
# generated parser as its own library. Debian's antlr4_generate() does not
# work, so /usr/bin/antlr4 is called directly; output goes to a staging dir
# and is copied only when it changed, so a comment edit recompiles nothing.
find_package(antlr4-runtime 4.9 CONFIG REQUIRED)
find_program(ANTLR4_TOOL antlr4 REQUIRED)

set(ARCH_GRAMMAR_DIR ${CMAKE_SOURCE_DIR}/grammar)
set(ARCH_GEN_STAGE ${CMAKE_BINARY_DIR}/grammar-stage)
set(ARCH_GEN_DIR ${CMAKE_BINARY_DIR}/grammar-gen)
set(ARCH_GEN_FILES ArchLexer.cpp ArchLexer.h ArchParser.cpp ArchParser.h ArchLexer.tokens)
list(TRANSFORM ARCH_GEN_FILES PREPEND ${ARCH_GEN_DIR}/ OUTPUT_VARIABLE ARCH_GEN_OUTPUTS)

set(_copy_cmds)
foreach(f ArchLexer.cpp ArchLexer.h ArchParser.cpp ArchParser.h ArchLexer.tokens)
  list(APPEND _copy_cmds COMMAND ${CMAKE_COMMAND} -E copy_if_different
       ${ARCH_GEN_STAGE}/${f} ${ARCH_GEN_DIR}/${f})
endforeach()

add_custom_command(
  OUTPUT ${ARCH_GEN_OUTPUTS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${ARCH_GEN_STAGE} ${ARCH_GEN_DIR}
  COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -Werror -no-listener -no-visitor
          -package arch::grammar -Xexact-output-dir -o ${ARCH_GEN_STAGE}
          ${ARCH_GRAMMAR_DIR}/ArchLexer.g4 ${ARCH_GRAMMAR_DIR}/ArchParser.g4
  ${_copy_cmds}
  DEPENDS ${ARCH_GRAMMAR_DIR}/ArchLexer.g4 ${ARCH_GRAMMAR_DIR}/ArchParser.g4
  COMMENT "Generating the Arch parser with ANTLR"
  VERBATIM)

# The runtime's CMake targets carry no include directory: wrap them.
add_library(antlr4_runtime_headers INTERFACE)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # clang 14 rejects misc/InterpreterDataReader.h (a runtime header bug), which
  # only the umbrella header includes and archc never uses: put an umbrella
  # without it first on the include path.
  file(READ ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h umbrella)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" umbrella "${umbrella}")
  file(WRITE ${CMAKE_BINARY_DIR}/antlr-shim/antlr4-runtime.h "${umbrella}")
  target_include_directories(antlr4_runtime_headers SYSTEM BEFORE INTERFACE ${CMAKE_BINARY_DIR}/antlr-shim)
endif()
target_include_directories(antlr4_runtime_headers SYSTEM INTERFACE ${ANTLR4_INCLUDE_DIR})
# Linked statically: the shared runtime costs ~4M instructions of symbol
# relocation at every start, more than a whole small build.
target_link_libraries(antlr4_runtime_headers INTERFACE antlr4_static)

add_library(arch_grammar STATIC ${ARCH_GEN_DIR}/ArchLexer.cpp ${ARCH_GEN_DIR}/ArchParser.cpp)
# ANTLR 4.7.2 emits u8"" literals that are char8_t in C++20.
set_target_properties(arch_grammar PROPERTIES CXX_STANDARD 17 POSITION_INDEPENDENT_CODE ON)
target_compile_options(arch_grammar PRIVATE -w)
target_include_directories(arch_grammar SYSTEM PUBLIC ${ARCH_GEN_DIR})
target_link_libraries(arch_grammar PUBLIC antlr4_runtime_headers)
