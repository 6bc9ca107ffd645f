# riskguard_collect_facts(<target> [FACTS_DIR <dir>] [ROOT <dir>])
#
# Compiles <target>'s C and C++ sources with the riskguard compiler plugin,
# so that each translation unit writes its facts to FACTS_DIR (default:
# <build>/riskguard-facts) as a by-product of the normal build; then
#   riskguard check -p <build> --facts-dir <build>/riskguard-facts
# parses nothing the facts cover. ROOT is the repository root (default: the
# git work tree holding each source). The object files are unchanged.
#
# The plugin is a clang 19 plugin: with another compiler the target is left
# alone, with a warning, since clang would otherwise fail to load it.
include_guard(GLOBAL)

function(riskguard_collect_facts target)
  cmake_parse_arguments(ARG "" "FACTS_DIR;ROOT" "" ${ARGN})
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "riskguard_collect_facts: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "riskguard_collect_facts: '${target}' is not a target")
  endif()
  if(NOT RISKGUARD_PLUGIN OR NOT EXISTS "${RISKGUARD_PLUGIN}")
    message(FATAL_ERROR "riskguard_collect_facts: the riskguard plugin "
      "'${RISKGUARD_PLUGIN}' does not exist: install riskguard built with clang++-19")
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang"
     OR NOT CMAKE_CXX_COMPILER_VERSION MATCHES "^19\\.")
    message(WARNING "riskguard_collect_facts(${target}): the plugin needs "
      "clang 19, not ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}; "
      "no facts are collected and riskguard check will parse instead")
    return()
  endif()
  if(NOT ARG_FACTS_DIR)
    set(ARG_FACTS_DIR "${CMAKE_BINARY_DIR}/riskguard-facts")
  endif()
  get_filename_component(ARG_FACTS_DIR "${ARG_FACTS_DIR}" ABSOLUTE
    BASE_DIR "${CMAKE_BINARY_DIR}")
  set(flags
    "-fplugin=${RISKGUARD_PLUGIN}"
    "-fplugin-arg-riskguard-facts-dir=${ARG_FACTS_DIR}")
  # Generated sources in the build tree are not the project's, as for
  # riskguard check; an in-source build has no separate tree to exclude.
  if(NOT CMAKE_BINARY_DIR STREQUAL CMAKE_SOURCE_DIR)
    list(APPEND flags "-fplugin-arg-riskguard-exclude=${CMAKE_BINARY_DIR}")
  endif()
  if(ARG_ROOT)
    get_filename_component(ARG_ROOT "${ARG_ROOT}" ABSOLUTE)
    list(APPEND flags "-fplugin-arg-riskguard-root=${ARG_ROOT}")
  endif()
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C,CXX>:${flags}>")
endfunction()
