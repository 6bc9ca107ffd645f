# riskguard_copy_template(<in> <out>): copies a CI template of tools/ci,
# naming RISKGUARD_HOME_URL where it names RISKGUARD_DEFAULT_HOME_URL; <out>
# is rewritten only when its contents change. Also a script:
#   cmake -DSOURCE=<in> -DOUTPUT=<out> -DRISKGUARD_DEFAULT_HOME_URL=<url> \
#         -DRISKGUARD_HOME_URL=<url> -P riskguardCopyTemplate.cmake
function(riskguard_copy_template in out)
  file(READ ${in} text)
  string(REPLACE "${RISKGUARD_DEFAULT_HOME_URL}" "${RISKGUARD_HOME_URL}" text "${text}")
  set(old "")
  if(EXISTS ${out})
    file(READ ${out} old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE ${out} "${text}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  foreach(var SOURCE OUTPUT RISKGUARD_DEFAULT_HOME_URL RISKGUARD_HOME_URL)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "riskguardCopyTemplate.cmake: -D${var}=... is missing")
    endif()
  endforeach()
  riskguard_copy_template(${SOURCE} ${OUTPUT})
endif()
