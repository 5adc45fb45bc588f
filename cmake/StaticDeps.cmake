# Start-up time of `rollout` (docs/performance.md "rollout done vs
# Taskwarrior"): every short command pays for mapping and relocating each
# shared library. yaml-cpp, libyaml and sqlite3 are linked from the static archives
# that Debian ships in the same -dev packages (libyaml-cpp.a, libyaml.a,
# libsqlite3.a),
# when they are there; otherwise the shared libraries are used as before.
# fmt, date-tz and libstdc++ stay shared (date-tz has no archive, and one
# libstdc++ must serve every C++ library of the process); spdlog is used
# header-only (engine/runtime/CMakeLists.txt).
option(ROLLOUT_STATIC_DEPS "Link yaml-cpp and sqlite3 from their static archives" ON)

function(rollout_use_static_archive target archive_name)
  if(NOT TARGET ${target})
    return()
  endif()
  find_library(ROLLOUT_ARCHIVE_${archive_name} NAMES ${archive_name})
  if(NOT ROLLOUT_ARCHIVE_${archive_name})
    return()
  endif()
  set(archive ${ROLLOUT_ARCHIVE_${archive_name}})
  set_target_properties(${target} PROPERTIES IMPORTED_LOCATION "${archive}")
  get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
  if(configs)
    foreach(config IN LISTS configs)
      set_target_properties(${target} PROPERTIES IMPORTED_LOCATION_${config} "${archive}")
    endforeach()
  endif()
  message(STATUS "rollout: ${target} from ${archive}")
endfunction()

if(ROLLOUT_STATIC_DEPS)
  rollout_use_static_archive(yaml-cpp libyaml-cpp.a)
  # libyaml (the YAML event parser, workflows/flat_yaml.cc) from libyaml.a.
  find_library(ROLLOUT_ARCHIVE_libyaml.a NAMES libyaml.a)
  if(TARGET PkgConfig::LIBYAML AND ROLLOUT_ARCHIVE_libyaml.a)
    set_property(TARGET PkgConfig::LIBYAML PROPERTY INTERFACE_LINK_LIBRARIES
                 "${ROLLOUT_ARCHIVE_libyaml.a}")
    message(STATUS "rollout: libyaml from ${ROLLOUT_ARCHIVE_libyaml.a}")
  endif()
  rollout_use_static_archive(SQLite::SQLite3 libsqlite3.a)
  if(TARGET SQLite::SQLite3 AND ROLLOUT_ARCHIVE_libsqlite3.a)
    # What the shared libsqlite3 brought along itself.
    set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES
                 Threads::Threads ${CMAKE_DL_LIBS} m)
  endif()
endif()
