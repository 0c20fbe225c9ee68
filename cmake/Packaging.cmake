# What `cmake --install` puts where (GNU/freedesktop layout under CMAKE_INSTALL_PREFIX), and
# the Debian package CPack builds from the same install: `cpack -G DEB` in the build folder.
include(GNUInstallDirs)

set(HOOKBENCH_APP_ID io.hookbench.Hookbench)

install(TARGETS hookbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/${HOOKBENCH_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/${HOOKBENCH_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
# The hicolor theme: one PNG per size the desktop asks for, and the SVG for every other size.
foreach(size 32 64 128 256)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hookbench-${size}.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${HOOKBENCH_APP_ID}.png)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hookbench.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${HOOKBENCH_APP_ID}.svg)

# The man page comes from the built binary's --help (cmake/ManPage.cmake).
find_program(HELP2MAN_EXECUTABLE help2man)
if(HELP2MAN_EXECUTABLE)
    set(man_page ${PROJECT_BINARY_DIR}/man/hookbench.1)
    add_custom_command(OUTPUT ${man_page} ${man_page}.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
        COMMAND ${CMAKE_COMMAND} -DHOOKBENCH=$<TARGET_FILE:hookbench> -DHELP2MAN=${HELP2MAN_EXECUTABLE}
            -DOUTPUT=${man_page} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
        DEPENDS hookbench ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
        COMMENT "Man page from hookbench --help")
    add_custom_target(manpage ALL DEPENDS ${man_page}.gz)
    install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    message(STATUS "help2man not found: no man page (scripts/setup.sh installs it)")
endif()

set(CPACK_PACKAGE_NAME hookbench)
set(CPACK_PACKAGE_VENDOR "The Hookbench developers")
set(CPACK_PACKAGE_CONTACT "Hookbench developers <hookbench@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "native workbench for webhooks")
set(CPACK_PACKAGE_DESCRIPTION "Hookbench composes, signs and sends JSON webhook requests and runs a local \
listener that stores and shows every incoming request byte for byte, from a Qt window or the command line.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY hookbench)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://hookbench.io")
# Libraries linked at build time are found by dpkg-shlibdeps; what Qt and QtKeychain load at
# run time (the SQLite driver, libsecret; xcb comes with libqt6gui6) must be named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring")
include(CPack)
