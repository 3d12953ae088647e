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
# The libraries the binary links come from dpkg-shlibdeps; what it loads as plugins or starts at run
# time is named here: the SQLite driver (alert history) and the platform plugins are Qt plugins no
# linker sees. A notification server and a Secret Service are used when present (Recommends);
# kubectl only for a profile's port-forward (Suggests).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dunst | notification-daemon | xfce4-notifyd, gnome-keyring | keepassxc")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "kubernetes-client | kubectl, prometheus")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://localhost/promdeck")
set(CPACK_STRIP_FILES ON)
include(CPack)
