//===- Paths.cpp - Where a path in the repository leads -------------------===//
#include "repo/Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <unistd.h>

using namespace llvm;

namespace riskguard {

std::optional<std::string> resolveLink(StringRef LinkPath, StringRef Target) {
  if (Target.empty() || Target.starts_with("/"))
    return std::nullopt;
  SmallVector<StringRef> Parts, TargetParts;
  StringRef Dir = sys::path::parent_path(LinkPath, sys::path::Style::posix);
  if (!Dir.empty())
    Dir.split(Parts, '/', -1, /*KeepEmpty=*/false);
  Target.split(TargetParts, '/', -1, /*KeepEmpty=*/false);
  for (StringRef Part : TargetParts) {
    if (Part == ".")
      continue;
    if (Part != "..") {
      Parts.push_back(Part);
      continue;
    }
    if (Parts.empty())
      return std::nullopt;
    Parts.pop_back();
  }
  if (Parts.empty())
    return std::nullopt; // The root itself is not a file.
  return join(Parts, "/");
}

Error outsideLinkError(const Twine &Where, StringRef Target) {
  return createStringError(
      inconvertibleErrorCode(),
      Where + ": symbolic link to '" + Target +
          "' leaves the repository; riskguard reads only files of the "
          "repository (commit the file itself, or a link that stays inside)");
}

Error checkInsideWorkTree(StringRef Root, StringRef Path, const Twine &Where) {
  SmallString<256> Abs(Root);
  sys::path::append(Abs, sys::path::Style::posix, Path);
  SmallString<256> Real;
  // A missing file or a dangling link cannot be read at all.
  if (sys::fs::real_path(Abs, Real))
    return Error::success();
  StringRef R = Real;
  if (R.consume_front(Root) && R.starts_with("/"))
    return Error::success();
  // Name the link as written when the file itself is one.
  SmallString<256> Target;
  std::string AbsPath(Abs);
  Target.resize(4096);
  ssize_t N = ::readlink(AbsPath.c_str(), Target.data(), Target.size());
  Target.resize(N > 0 ? size_t(N) : 0);
  StringRef Shown = Target.empty() ? Real.str() : Target.str();
  if (Where.isTriviallyEmpty())
    return outsideLinkError(Path, Shown);
  return outsideLinkError(Where, Shown);
}

} // namespace riskguard
