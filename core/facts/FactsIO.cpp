//===- FactsIO.cpp - Facts of a translation unit as a file ----------------===//
#include "facts/FactsIO.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <climits>

using namespace llvm;

namespace riskguard {

namespace {

// llvm::json prints an object's keys sorted, which makes the output
// deterministic whatever order the fields are set in.

json::Array strings(const std::vector<std::string> &V) {
  return json::Array(V);
}

json::Value toJSON(const FloatingValue &V) {
  return json::Object{
      {"kind", int64_t(V.Kind)}, {"name", V.Name},
      {"type", V.Type},          {"canonical_type", V.CanonicalType},
      {"line", V.Line},          {"column", V.Column}};
}

json::Array floating(const std::vector<FloatingValue> &V) {
  json::Array A;
  for (const FloatingValue &F : V)
    A.push_back(toJSON(F));
  return A;
}

json::Array numbers(const std::vector<unsigned> &V) {
  json::Array A;
  for (unsigned N : V)
    A.push_back(int64_t(N));
  return A;
}

json::Value toJSON(const StatementUnit &U) {
  return json::Object{
      {"token_hash", utohexstr(U.TokenHash, /*LowerCase=*/true)},
      {"assertion", U.IsAssertion},
      {"callees", numbers(U.Callees)},
      {"variables", numbers(U.Variables)}};
}

json::Value toJSON(const FunctionFacts &F) {
  json::Object O{{"usr", F.USR},
                 {"name", F.Name},
                 {"qualified_name", F.QualifiedName},
                 {"file", F.File},
                 {"line", F.Line},
                 {"column", F.Column},
                 {"end_line", F.EndLine},
                 // A string: JSON numbers lose bits above 2^53 in many
                 // readers.
                 {"token_hash", utohexstr(F.TokenHash, /*LowerCase=*/true)},
                 {"hashed_files", strings(F.HashedFiles)},
                 {"marking_files", strings(F.MarkingFiles)},
                 {"tier1_domain", F.Tier1Domain},
                 {"tier1_level", int64_t(F.Tier1Level)},
                 {"not_tier1_level", int64_t(F.NotTier1Level)},
                 {"not_tier1_reason", F.NotTier1Reason},
                 {"owners", strings(F.Owners)},
                 {"tested_by", strings(F.TestedBy)},
                 {"test_name", F.TestName},
                 {"callees", strings(F.Callees)},
                 {"overrides", strings(F.Overrides)},
                 {"floating_values", floating(F.FloatingValues)}};
  json::Array Units;
  for (const StatementUnit &U : F.Units)
    Units.push_back(toJSON(U));
  O["units"] = std::move(Units);
  O["min_approvals"] = F.MinApprovals ? json::Value(int64_t(*F.MinApprovals))
                                      : json::Value(nullptr);
  return O;
}

json::Value toJSON(const ClassFacts &C) {
  return json::Object{{"usr", C.USR},
                      {"qualified_name", C.QualifiedName},
                      {"file", C.File},
                      {"line", C.Line},
                      {"column", C.Column},
                      {"tier1_domain", C.Tier1Domain},
                      {"tier1_level", int64_t(C.Tier1Level)},
                      {"not_tier1_level", int64_t(C.NotTier1Level)},
                      {"methods", strings(C.Methods)},
                      {"fields", floating(C.Fields)}};
}

json::Value toJSON(const AnnotationFacts &A) {
  json::Array Args;
  for (const AnnotationArg &Arg : A.Args)
    Args.push_back(
        json::Object{{"kind", int64_t(Arg.Kind)}, {"value", Arg.Value}});
  return json::Object{{"kind", A.Kind},
                      {"args", std::move(Args)},
                      {"file", A.File},
                      {"line", A.Line},
                      {"column", A.Column},
                      {"entity", int64_t(A.Entity)},
                      {"entity_name", A.EntityName},
                      {"entity_usr", A.EntityUSR}};
}

json::Value toJSON(const ParseError &E) {
  return json::Object{{"file", E.File},
                      {"line", E.Line},
                      {"column", E.Column},
                      {"message", E.Message}};
}

template <typename T> json::Array array(const std::vector<T> &V) {
  json::Array A;
  for (const T &X : V)
    A.push_back(toJSON(X));
  return A;
}

/// Reads the fields of one object, remembering the first problem; enums
/// are checked against their range so that a bad file cannot produce an
/// out-of-range value.
class Reader {
public:
  Reader(const json::Object *O, json::Path P) : O(O), P(P) {
    if (!O)
      P.report("expected an object");
  }
  explicit operator bool() const { return O != nullptr; }

  bool str(StringRef Key, std::string &Out) {
    if (!O)
      return false;
    std::optional<StringRef> S = O->getString(Key);
    if (!S) {
      P.field(Key).report("expected a string");
      return false;
    }
    Out = S->str();
    return true;
  }
  bool num(StringRef Key, unsigned &Out) {
    if (!O)
      return false;
    std::optional<int64_t> N = O->getInteger(Key);
    if (!N || *N < 0 || *N > UINT_MAX) {
      P.field(Key).report("expected a non-negative integer");
      return false;
    }
    Out = unsigned(*N);
    return true;
  }
  bool boolean(StringRef Key, bool &Out) {
    if (!O)
      return false;
    std::optional<bool> B = O->getBoolean(Key);
    if (!B) {
      P.field(Key).report("expected a boolean");
      return false;
    }
    Out = *B;
    return true;
  }
  /// An array of integers, each below \p Bound.
  bool nums(StringRef Key, std::vector<unsigned> &Out, unsigned Bound) {
    if (!O)
      return false;
    const json::Array *A = O->getArray(Key);
    if (!A) {
      P.field(Key).report("expected an array");
      return false;
    }
    for (const json::Value &V : *A) {
      std::optional<int64_t> N = V.getAsInteger();
      if (!N || *N < 0 || *N >= int64_t(Bound)) {
        P.field(Key).report("expected an array of indices in range");
        return false;
      }
      Out.push_back(unsigned(*N));
    }
    return true;
  }
  template <typename E> bool enumeration(StringRef Key, E &Out, unsigned Max) {
    unsigned N = 0;
    if (!num(Key, N))
      return false;
    if (N > Max) {
      P.field(Key).report("out of range");
      return false;
    }
    Out = E(N);
    return true;
  }
  bool strs(StringRef Key, std::vector<std::string> &Out) {
    if (!O)
      return false;
    const json::Array *A = O->getArray(Key);
    if (!A) {
      P.field(Key).report("expected an array");
      return false;
    }
    for (const json::Value &V : *A) {
      std::optional<StringRef> S = V.getAsString();
      if (!S) {
        P.field(Key).report("expected an array of strings");
        return false;
      }
      Out.push_back(S->str());
    }
    return true;
  }
  template <typename T>
  bool objects(StringRef Key, std::vector<T> &Out,
               bool (*Read)(const json::Value &, T &, json::Path)) {
    if (!O)
      return false;
    const json::Array *A = O->getArray(Key);
    if (!A) {
      P.field(Key).report("expected an array");
      return false;
    }
    json::Path Field = P.field(Key);
    for (size_t I = 0; I < A->size(); ++I) {
      T X;
      if (!Read((*A)[I], X, Field.index(I)))
        return false;
      Out.push_back(std::move(X));
    }
    return true;
  }
  const json::Object *object() const { return O; }
  json::Path path() const { return P; }

private:
  const json::Object *O;
  json::Path P;
};

bool readFloating(const json::Value &V, FloatingValue &F, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.enumeration("kind", F.Kind, FloatingValue::StaticField) &&
         R.str("name", F.Name) && R.str("type", F.Type) &&
         R.str("canonical_type", F.CanonicalType) && R.num("line", F.Line) &&
         R.num("column", F.Column);
}

bool readHash(Reader &R, StringRef Key, uint64_t &Out) {
  std::string Hash;
  if (!R.str(Key, Hash))
    return false;
  if (StringRef(Hash).getAsInteger(16, Out)) {
    R.path().field(Key).report("expected a hexadecimal hash");
    return false;
  }
  return true;
}

/// A unit; its callees index the \p NumCallees callees of its function.
bool readUnit(const json::Value &V, StatementUnit &U, json::Path P,
              unsigned NumCallees) {
  Reader R(V.getAsObject(), P);
  return R && readHash(R, "token_hash", U.TokenHash) &&
         R.boolean("assertion", U.IsAssertion) &&
         R.nums("callees", U.Callees, NumCallees) &&
         R.nums("variables", U.Variables, UINT_MAX);
}

/// Reads F.Units; \p P is F's path, which outlives the units' paths.
bool readUnits(const json::Object &O, FunctionFacts &F, json::Path P) {
  const json::Array *A = O.getArray("units");
  json::Path Field = P.field("units");
  if (!A) {
    Field.report("expected an array");
    return false;
  }
  for (size_t I = 0; I < A->size(); ++I) {
    StatementUnit U;
    if (!readUnit((*A)[I], U, Field.index(I), F.Callees.size()))
      return false;
    F.Units.push_back(std::move(U));
  }
  return true;
}

bool readFunction(const json::Value &V, FunctionFacts &F, json::Path P) {
  Reader R(V.getAsObject(), P);
  std::string Hash;
  if (!(R && R.str("usr", F.USR) && R.str("name", F.Name) &&
        R.str("qualified_name", F.QualifiedName) && R.str("file", F.File) &&
        R.num("line", F.Line) && R.num("column", F.Column) &&
        R.num("end_line", F.EndLine) && R.str("token_hash", Hash) &&
        R.strs("hashed_files", F.HashedFiles) &&
        R.strs("marking_files", F.MarkingFiles) &&
        R.str("tier1_domain", F.Tier1Domain) &&
        R.enumeration("tier1_level", F.Tier1Level, 3) &&
        R.enumeration("not_tier1_level", F.NotTier1Level, 3) &&
        R.str("not_tier1_reason", F.NotTier1Reason) &&
        R.strs("owners", F.Owners) && R.strs("tested_by", F.TestedBy) &&
        R.str("test_name", F.TestName) && R.strs("callees", F.Callees) &&
        R.strs("overrides", F.Overrides) &&
        R.objects("floating_values", F.FloatingValues, readFloating)))
    return false;
  if (StringRef(Hash).getAsInteger(16, F.TokenHash)) {
    P.field("token_hash").report("expected a hexadecimal hash");
    return false;
  }
  if (!readUnits(*R.object(), F, P))
    return false;
  const json::Value *Min = R.object()->get("min_approvals");
  if (!Min) {
    P.field("min_approvals").report("missing");
    return false;
  }
  if (Min->kind() == json::Value::Null)
    return true;
  std::optional<int64_t> N = Min->getAsInteger();
  if (!N || *N < 0 || *N > UINT_MAX) {
    P.field("min_approvals").report("expected a non-negative integer or null");
    return false;
  }
  F.MinApprovals = unsigned(*N);
  return true;
}

bool readClass(const json::Value &V, ClassFacts &C, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.str("usr", C.USR) && R.str("qualified_name", C.QualifiedName) &&
         R.str("file", C.File) && R.num("line", C.Line) &&
         R.num("column", C.Column) && R.str("tier1_domain", C.Tier1Domain) &&
         R.enumeration("tier1_level", C.Tier1Level, 3) &&
         R.enumeration("not_tier1_level", C.NotTier1Level, 3) &&
         R.strs("methods", C.Methods) &&
         R.objects("fields", C.Fields, readFloating);
}

bool readArg(const json::Value &V, AnnotationArg &A, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.enumeration("kind", A.Kind, AnnotationArg::Other) &&
         R.str("value", A.Value);
}

bool readAnnotation(const json::Value &V, AnnotationFacts &A, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.str("kind", A.Kind) && R.objects("args", A.Args, readArg) &&
         R.str("file", A.File) && R.num("line", A.Line) &&
         R.num("column", A.Column) &&
         R.enumeration("entity", A.Entity, unsigned(AnnotatedKind::Other)) &&
         R.str("entity_name", A.EntityName) && R.str("entity_usr", A.EntityUSR);
}

bool readError(const json::Value &V, ParseError &E, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.str("file", E.File) && R.num("line", E.Line) &&
         R.num("column", E.Column) && R.str("message", E.Message);
}

json::Object factsObject(const TUFacts &TU) {
  return json::Object{
      {"version", FactsFormatVersion}, {"main_file", TU.MainFile},
      {"files", strings(TU.Files)},    {"functions", array(TU.Functions)},
      {"errors", array(TU.Errors)},    {"annotations", array(TU.Annotations)},
      {"classes", array(TU.Classes)}};
}

Expected<json::Value> parseFacts(StringRef Text, StringRef FileName) {
  Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed)
    return createStringError(inconvertibleErrorCode(),
                             "cannot read facts file '" + FileName +
                                 "': " + toString(Parsed.takeError()));
  return Parsed;
}

Expected<TUFacts> readFactsValue(const json::Value &Parsed,
                                 StringRef FileName) {
  json::Path::Root Root("facts");
  TUFacts TU;
  Reader R(Parsed.getAsObject(), Root);
  unsigned Version = 0;
  bool Ok = R && R.num("version", Version);
  if (Ok && Version != FactsFormatVersion)
    return createStringError(
        inconvertibleErrorCode(),
        "facts file '" + FileName + "' has format version " + Twine(Version) +
            ", this riskguard reads version " + Twine(FactsFormatVersion) +
            ": rebuild with the plugin of this riskguard");
  Ok = Ok && R.str("main_file", TU.MainFile) && R.strs("files", TU.Files) &&
       R.objects("functions", TU.Functions, readFunction) &&
       R.objects("errors", TU.Errors, readError) &&
       R.objects("annotations", TU.Annotations, readAnnotation) &&
       R.objects("classes", TU.Classes, readClass);
  if (!Ok)
    return createStringError(inconvertibleErrorCode(),
                             "invalid facts file '" + FileName +
                                 "': " + toString(Root.getError()));
  return TU;
}

bool readInput(const json::Value &V, FactsInput &In, json::Path P) {
  Reader R(V.getAsObject(), P);
  return R && R.str("path", In.Path) && R.str("hash", In.Hash);
}

} // namespace

void writeFacts(const TUFacts &TU, raw_ostream &OS) {
  OS << formatv("{0:2}", json::Value(factsObject(TU))) << "\n";
}

void writeFacts(const TUFacts &TU, ArrayRef<FactsInput> Inputs,
                raw_ostream &OS) {
  json::Object Root = factsObject(TU);
  json::Array A;
  for (const FactsInput &In : Inputs)
    A.push_back(json::Object{{"path", In.Path}, {"hash", In.Hash}});
  Root["inputs"] = std::move(A);
  OS << formatv("{0:2}", json::Value(std::move(Root))) << "\n";
}

std::string contentHash(StringRef Contents) {
  XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(Contents));
  std::string Out;
  raw_string_ostream OS(Out);
  OS << format_hex_no_prefix(H.high64, 16) << format_hex_no_prefix(H.low64, 16);
  return Out;
}

Expected<TUFacts> readFacts(StringRef Text, StringRef FileName) {
  Expected<json::Value> Parsed = parseFacts(Text, FileName);
  if (!Parsed)
    return Parsed.takeError();
  return readFactsValue(*Parsed, FileName);
}

Expected<BuiltFacts> readBuiltFacts(StringRef Text, StringRef FileName) {
  Expected<json::Value> Parsed = parseFacts(Text, FileName);
  if (!Parsed)
    return Parsed.takeError();
  Expected<TUFacts> TU = readFactsValue(*Parsed, FileName);
  if (!TU)
    return TU.takeError();
  BuiltFacts Out{FileName.str(), std::move(*TU), std::nullopt};
  const json::Object *O = Parsed->getAsObject();
  if (!O->get("inputs"))
    return Out;
  json::Path::Root Root("facts");
  Reader R(O, Root);
  std::vector<FactsInput> Inputs;
  if (!R.objects("inputs", Inputs, readInput))
    return createStringError(inconvertibleErrorCode(),
                             "invalid facts file '" + FileName +
                                 "': " + toString(Root.getError()));
  llvm::sort(Inputs, [](const FactsInput &A, const FactsInput &B) {
    return A.Path < B.Path;
  });
  Out.Inputs = std::move(Inputs);
  return Out;
}

Error writeFactsFile(const TUFacts &TU, ArrayRef<FactsInput> Inputs,
                     StringRef Path) {
  // A temporary file renamed into place: a reader never sees half of it.
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        writeFacts(TU, Inputs, OS);
        return Error::success();
      }))
    return createStringError(inconvertibleErrorCode(),
                             "cannot write " + toString(std::move(E)));
  return Error::success();
}

Expected<std::vector<BuiltFacts>> readFactsDir(StringRef Dir) {
  std::vector<std::string> Names;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (StringRef(It->path()).ends_with(".facts.json"))
      Names.push_back(It->path());
  if (EC)
    return createStringError(EC, "cannot read facts directory '" + Dir +
                                     "': " + EC.message());
  llvm::sort(Names);
  std::vector<BuiltFacts> All;
  for (const std::string &Name : Names) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Name);
    if (!Buf)
      return createStringError(Buf.getError(),
                               "cannot read facts file '" + Name +
                                   "': " + Buf.getError().message());
    Expected<BuiltFacts> TU = readBuiltFacts((*Buf)->getBuffer(), Name);
    if (!TU)
      return TU.takeError();
    All.push_back(std::move(*TU));
  }
  return All;
}

} // namespace riskguard
