# CPack: a .deb for Debian 12 and a .tar.gz, each with the binary, the built-in dashboards, a
# .desktop file and the icon.
set(CPACK_PACKAGE_NAME "promdeck")
set(CPACK_PACKAGE_VENDOR "Promdeck")
set(CPACK_PACKAGE_CONTACT "Promdeck developers <promdeck@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Native desktop dashboards for Prometheus")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_FILE_NAME "promdeck-${PROJECT_VERSION}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), libqt6network6 (>= 6.4), libqt6charts6 (>= 6.4), libqt6keychain1, libyaml-cpp0.7, libqt6sql6-sqlite, libqt6dbus6, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://localhost/promdeck")
set(CPACK_STRIP_FILES ON)
include(CPack)
