# ROLLOUT_SANITIZE="address;undefined" (or "thread") instruments compile and link.
function(rollout_set_sanitizers target)
  if(ROLLOUT_SANITIZE)
    list(JOIN ROLLOUT_SANITIZE "," sanitizers)
    target_compile_options(${target} INTERFACE -fsanitize=${sanitizers} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(${target} INTERFACE -fsanitize=${sanitizers})
  endif()
endfunction()
