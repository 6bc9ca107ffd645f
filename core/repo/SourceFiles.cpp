//===- SourceFiles.cpp - Which files are C/C++ sources --------------------===//
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace riskguard {

bool isCxxSource(StringRef Path) {
  std::string Ext = sys::path::extension(Path).lower();
  return is_contained({".c",   ".cc",  ".cpp", ".cxx", ".c++", ".cp",
                       ".h",   ".hh",  ".hpp", ".hxx", ".h++", ".inc",
                       ".inl", ".ipp", ".tcc", ".tpp", ".ixx", ".cppm",
                       ".cu",  ".cuh", ".m",   ".mm"},
                      Ext);
}

std::string sizeText(uint64_t Bytes) {
  std::string Out;
  raw_string_ostream OS(Out);
  if (Bytes < 1024)
    OS << Bytes << " bytes";
  else if (Bytes < (1 << 20))
    OS << Bytes / 1024 << " KiB";
  else
    OS << format("%.1f", double(Bytes) / (1 << 20)) << " MiB";
  return Out;
}

} // namespace riskguard
