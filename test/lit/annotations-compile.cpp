// The annotations header compiles silently with clang and with g++, and under
// clang every macro becomes the attribute riskguard reads.
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I%src_root/annotations/include %s
// RUN: g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I%src_root/annotations/include %s
// RUN: g++ -x c -std=c11 -Wall -Wextra -Werror -fsyntax-only -I%src_root/annotations/include %S/Inputs/annotations.c
// RUN: %clangxx -x c -std=c11 -Wall -Wextra -Werror -fsyntax-only -I%src_root/annotations/include %S/Inputs/annotations.c
// RUN: %clangxx -std=c++17 -fsyntax-only -I%src_root/annotations/include -Xclang -ast-dump %s | FileCheck %s

#include <riskguard/annotations.h>

namespace RG_TIER1("payment") RG_OWNERS("@acme/payments", "erin") pay {
// CHECK: NamespaceDecl {{.*}} pay
// CHECK: AnnotateAttr {{.*}} "riskguard.tier1"
// CHECK: AnnotateAttr {{.*}} "riskguard.owners"

class RG_TIER1("transaction") RG_MIN_APPROVALS(2) Cart {
// CHECK: CXXRecordDecl {{.*}} class Cart definition
// CHECK: AnnotateAttr {{.*}} "riskguard.tier1"
// CHECK: AnnotateAttr {{.*}} "riskguard.min_approvals"
public:
  RG_NOT_TIER1("debug output only") int debug() const;
  // CHECK: CXXMethodDecl {{.*}} debug
  // CHECK: AnnotateAttr {{.*}} "riskguard.not_tier1"
  RG_TESTED_BY("CartTest.Total", "CartTest.Empty") long total() const { return 0; }
  // CHECK: CXXMethodDecl {{.*}} total
  // CHECK: AnnotateAttr {{.*}} "riskguard.tested_by"
};

RG_TIER1("pricing") long discount(long Cents) { return Cents / 10; }
// CHECK: FunctionDecl {{.*}} discount
// CHECK: AnnotateAttr {{.*}} "riskguard.tier1"

// The attribute spelled directly means the same (other compilers warn on it).
#ifdef __clang__
[[clang::annotate("riskguard.tier1", "pricing")]]
#endif
long tax(long Cents) { return Cents / 5; }
} // namespace pay

int main() { return static_cast<int>(pay::discount(10) + pay::tax(10)); }
