//===- Annotations.cpp - The annotation kinds riskguard reads -------------===//
#include "facts/Annotations.h"

namespace riskguard {

llvm::ArrayRef<AnnotationKindInfo> annotationKinds() {
  static constexpr AnnotationKindInfo Kinds[] = {
#define RISKGUARD_ANNOTATION(Name, Kind, Macro)                                \
  {AnnotationKind::Name, Kind, Macro},
#include "facts/Annotations.def"
  };
  return Kinds;
}

const AnnotationKindInfo *findAnnotationKind(llvm::StringRef Name) {
  for (const AnnotationKindInfo &K : annotationKinds())
    if (K.Name == Name)
      return &K;
  return nullptr;
}

} // namespace riskguard
