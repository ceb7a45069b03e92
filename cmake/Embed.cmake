# Turns a text file into a C++ source defining `std::string_view NAME`, so
# the binary carries it (docs/diagnostics.md for `archc explain`, the
# CloudFormation schema snapshot for raw resources and overrides).
# Usage: cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P Embed.cmake
file(READ "${INPUT}" content)
set(delim "ARCHC_EMBED")
string(FIND "${content}" ")${delim}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/Embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace arch::embedded {\n"
  "extern const std::string_view ${NAME};\n"
  "const std::string_view ${NAME} = R\"${delim}(${content})${delim}\";\n"
  "}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
