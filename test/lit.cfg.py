# lit configuration for riskguard: CLI tests (lit/) and end-to-end tests with
# real git repositories (e2e/).
import os
import lit.formats

config.name = "riskguard"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".test", ".cpp", ".cc"]
config.excludes = ["Inputs", "schemas", "mkrepo.sh", "CMakeLists.txt", "lit.cfg.py", "unit", "fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.riskguard_obj_root, "test")

path = os.pathsep.join([config.riskguard_tools_dir, config.llvm_tools_dir,
                        "/usr/lib/llvm-19/bin", config.environment.get("PATH", os.environ["PATH"])])
config.environment["PATH"] = path
# Fixed identities and dates so every commit made by a test is reproducible.
for k, v in {"GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
             "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
             "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
             "GIT_CONFIG_NOSYSTEM": "1", "HOME": config.test_exec_root, "TZ": "UTC", "LC_ALL": "C"}.items():
    config.environment[k] = v
# No test shares the user's facts cache or another test's: a test that
# wants one names it with --cache-dir (which the variable does not override).
config.environment["RISKGUARD_NO_CACHE"] = "1"

config.substitutions.append(("%riskguard", os.path.join(config.riskguard_tools_dir, "riskguard")))
config.substitutions.append(("%src_root", config.riskguard_src_root))
# The build directory, for `cmake --install` and `cpack` (lit/install.test).
config.substitutions.append(("%build_root", config.riskguard_obj_root))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%cpack", config.cpack_command))
import shutil
if shutil.which("dpkg-deb"):
    config.available_features.add("dpkg-deb")
# RISKGUARD_HOME_URL, which the rule help links and the CI templates name.
# (%home_url_default before %home_url: lit replaces in order.)
config.substitutions.append(("%home_url_default", config.default_home_url))
config.substitutions.append(("%home_url", config.home_url))
# The loadable modules (tools/): the clang-tidy module and the compiler plugin.
config.substitutions.append(("%tidy_module", os.path.join(config.riskguard_obj_root, "lib", "libriskguard-tidy.so")))
config.substitutions.append(("%rg_plugin", os.path.join(config.riskguard_obj_root, "lib", "libriskguard-plugin.so")))
config.substitutions.append(("%clangxx", config.clang_cxx))
# tools/per-test-coverage, run by the interpreter like the other tools/ scripts.
config.substitutions.append(("%per_test_coverage", "python3 " + os.path.join(
    config.riskguard_src_root, "tools", "per-test-coverage")))
config.substitutions.append(("%mkrepo", "bash " + os.path.join(config.test_source_root, "e2e", "mkrepo.sh")))
config.substitutions.append(("%e2e_inputs", os.path.join(config.test_source_root, "e2e", "Inputs")))

# Validators for the machine-readable formats (npm ajv-cli, ajv-formats and
# @microsoft/sarif-multitool), installed by `tools/bootstrap test` under
# BUILD/npm, and the schemas they check against. A missing validator fails
# the format-* tests (see e2e/format-validate.py).
npm_bin = os.environ.get("RISKGUARD_NPM_BIN",
                         os.path.join(config.riskguard_obj_root, "npm", "node_modules", ".bin"))
config.environment["PATH"] = os.pathsep.join([npm_bin, config.environment["PATH"]])
schemas_dir = os.path.join(config.test_source_root, "schemas")
config.substitutions.append(("%schemas", schemas_dir))
config.substitutions.append(("%validate", "python3 %s --bin %s --schemas %s" % (
    os.path.join(config.test_source_root, "e2e", "format-validate.py"), npm_bin, schemas_dir)))
