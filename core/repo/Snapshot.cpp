//===- Snapshot.cpp - Reading a file as a revision has it -----------------===//
#include "repo/Snapshot.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace riskguard {

std::optional<std::string> readThrough(const Snapshot *Overlay,
                                       const std::string &Root,
                                       const std::string &Path) {
  if (Overlay) {
    auto It = Overlay->find(Path);
    if (It != Overlay->end())
      return It->second;
  }
  auto Buf = MemoryBuffer::getFile(Root + "/" + Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return (*Buf)->getBuffer().str();
}

} // namespace riskguard
