//===- Annotations.h - The annotation kinds riskguard reads -----*- C++ -*-===//
#ifndef RISKGUARD_CORE_FACTS_ANNOTATIONS_H
#define RISKGUARD_CORE_FACTS_ANNOTATIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace riskguard {

/// What every riskguard annotation's name starts with.
inline constexpr llvm::StringLiteral AnnotationPrefix = "riskguard.";

/// One kind of facts/Annotations.def.
enum class AnnotationKind {
#define RISKGUARD_ANNOTATION(Name, Kind, Macro) Name,
#include "facts/Annotations.def"
};

/// An annotation kind, its name after AnnotationPrefix and its macro.
struct AnnotationKindInfo {
  AnnotationKind Kind;
  llvm::StringLiteral Name;  ///< "tier1".
  llvm::StringLiteral Macro; ///< "RG_TIER1".
};

/// Every annotation kind, in the order of Annotations.def.
llvm::ArrayRef<AnnotationKindInfo> annotationKinds();

/// The kind named \p Name ("tier1", without the prefix), or null.
const AnnotationKindInfo *findAnnotationKind(llvm::StringRef Name);

} // namespace riskguard

#endif
