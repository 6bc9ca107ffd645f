//===- RiskguardMain.cpp - The riskguard command line ---------------------===//
#include "driver/RiskguardMain.h"
#include "driver/Check.h"
#include "driver/Demo.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace riskguard {

namespace {

cl::OptionCategory Category("riskguard options");
cl::SubCommand CheckCmd("check", "Check a change against the policy");
cl::SubCommand DemoCmd("demo", "Run riskguard on the bundled example, end to end");

cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                               cl::value_desc("BUILD_DIR"), cl::cat(Category),
                               cl::sub(CheckCmd));
cl::opt<std::string> RepoDir("repo", cl::desc("The git repository (default: the current directory)"),
                             cl::value_desc("DIR"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> BaseRev("base", cl::desc("Base revision (default: the policy's base, else HEAD~1)"),
                             cl::value_desc("REV"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> HeadRev("head", cl::desc("Head revision (default: the working tree)"),
                             cl::value_desc("REV"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> DiffFile("diff",
                              cl::desc("Take the change as a unified patch whose head side is the working tree"),
                              cl::value_desc("FILE"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> PolicyFile("policy", cl::desc("Policy file (default: .riskguard.json at the repository root)"),
                                cl::value_desc("FILE"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<unsigned> Jobs("j", cl::desc("Parse N translation units at once (default: all cores)"),
                       cl::value_desc("N"), cl::init(0), cl::cat(Category), cl::sub(CheckCmd),
                       cl::sub(DemoCmd));
cl::list<std::string> Formats("format",
                              cl::desc("Output format, to stdout or to PATH; repeatable (text, json)"),
                              cl::value_desc("FMT[=PATH]"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> FailOn("fail-on",
                            cl::desc("Which findings make the exit code 1: error (default), warning, never"),
                            cl::value_desc("LEVEL"), cl::init("error"), cl::cat(Category),
                            cl::sub(CheckCmd));
cl::opt<bool> Verbose("v", cl::desc("List every changed function on stderr"),
                      cl::cat(Category), cl::sub(CheckCmd));
cl::opt<bool> Quiet("q", cl::desc("Print findings only"), cl::cat(Category), cl::sub(CheckCmd));
cl::opt<std::string> DemoDir("dir", cl::desc("Where to create the demo repository (default: a new temporary directory)"),
                             cl::value_desc("DIR"), cl::cat(Category), cl::sub(DemoCmd));

} // namespace

int riskguardMain(int Argc, const char **Argv) {
  cl::ResetAllOptionOccurrences();
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "riskguard version " RISKGUARD_VERSION " (LLVM " LLVM_VERSION_STRING
          ")\n";
  });
  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "riskguard: guardrails for changes to critical (tier-1) C++ code\n",
          &ErrorStream)) {
    errs() << ErrorStream.str();
    return 2;
  }
  if (CheckCmd) {
    CheckOptions O;
    O.BuildPath = BuildPath;
    O.RepoDir = RepoDir;
    O.Base = BaseRev;
    O.Head = HeadRev;
    O.Diff = DiffFile;
    O.PolicyFile = PolicyFile;
    O.Jobs = Jobs;
    O.Formats.assign(Formats.begin(), Formats.end());
    O.FailOn = FailOn;
    O.Verbose = Verbose;
    O.Quiet = Quiet;
    return runCheck(O, outs(), errs());
  }
  if (DemoCmd)
    return runDemo(DemoDir, Jobs, outs(), errs());
  errs() << "riskguard: error: no command given; run 'riskguard check' on a "
            "change or 'riskguard demo' (see 'riskguard --help')\n";
  return 2;
}

} // namespace riskguard
