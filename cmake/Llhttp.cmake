# llhttp frames the listener's HTTP/1.1 (see docs/architecture.md for why).
# Prefer a distribution's shared library; else build the C sources that Debian's
# node-llhttp package installs. Its files are never copied into this tree.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
    pkg_check_modules(LLHTTP QUIET IMPORTED_TARGET libllhttp)
endif()

if(LLHTTP_FOUND)
    add_library(hookbench_llhttp INTERFACE)
    target_link_libraries(hookbench_llhttp INTERFACE PkgConfig::LLHTTP)
    message(STATUS "llhttp: system library ${LLHTTP_VERSION}")
else()
    set(HOOKBENCH_LLHTTP_SOURCE_DIR "/usr/share/llhttp" CACHE PATH "Directory holding llhttp's api.c, http.c, llhttp.c")
    set(HOOKBENCH_LLHTTP_INCLUDE_DIR "/usr/share/include/llhttp" CACHE PATH "Directory holding llhttp.h")
    foreach(source api.c http.c llhttp.c)
        if(NOT EXISTS "${HOOKBENCH_LLHTTP_SOURCE_DIR}/${source}")
            message(FATAL_ERROR "llhttp not found: no libllhttp pkg-config module and no "
                "${HOOKBENCH_LLHTTP_SOURCE_DIR}/${source}. On Debian: apt-get install node-llhttp "
                "(scripts/setup.sh does this).")
        endif()
    endforeach()
    add_library(hookbench_llhttp STATIC
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/api.c
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/http.c
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/llhttp.c)
    target_include_directories(hookbench_llhttp SYSTEM PUBLIC ${HOOKBENCH_LLHTTP_INCLUDE_DIR})
    set_target_properties(hookbench_llhttp PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 99)
    # Third-party C: our warning flags do not apply to it.
    target_compile_options(hookbench_llhttp PRIVATE -w)
    message(STATUS "llhttp: built from ${HOOKBENCH_LLHTTP_SOURCE_DIR}")
endif()
