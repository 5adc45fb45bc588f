# Compiler warnings for our own targets (never for third-party code).
function(rollout_set_warnings target)
  target_compile_options(${target} INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual)
  if(ROLLOUT_WARNINGS_AS_ERRORS)
    target_compile_options(${target} INTERFACE -Werror)
  endif()
endfunction()
