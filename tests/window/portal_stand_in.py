#!/usr/bin/python3
"""A stand-in for the desktop's settings portal (xdg-desktop-portal's org.freedesktop.portal.Settings),
named as such: it owns org.freedesktop.portal.Desktop on the session bus and answers Read and ReadAll for
org.freedesktop.appearance color-scheme (1 dark, 2 light, 0 no preference) as the real portal does, a
variant holding a variant. Each line on standard input is a new color-scheme: it is kept and announced
with SettingChanged, as the portal announces a change of the desktop's appearance. Prints "ready" once
it owns its name.

  portal_stand_in.py INITIAL_SCHEME"""
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

NAMESPACE, KEY = "org.freedesktop.appearance", "color-scheme"
INTERFACE = "org.freedesktop.portal.Settings"


class Settings(dbus.service.Object):
    def __init__(self, bus, scheme):
        super().__init__(bus, "/org/freedesktop/portal/desktop")
        self.scheme = scheme

    def value(self, variant_level=0):
        return dbus.UInt32(self.scheme, variant_level=variant_level)

    @dbus.service.method(INTERFACE, in_signature="ss", out_signature="v")
    def Read(self, namespace, key):
        if (namespace, key) != (NAMESPACE, KEY):
            raise dbus.exceptions.DBusException("Requested setting not found",
                                                name="org.freedesktop.portal.Error.NotFound")
        return self.value(variant_level=2)

    @dbus.service.method(INTERFACE, in_signature="as", out_signature="a{sa{sv}}")
    def ReadAll(self, namespaces):
        return {NAMESPACE: {KEY: self.value()}}

    @dbus.service.signal(INTERFACE, signature="ssv")
    def SettingChanged(self, namespace, key, value):
        pass

    def change(self, scheme):
        self.scheme = scheme
        self.SettingChanged(NAMESPACE, KEY, self.value())


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    portal = Settings(bus, int(sys.argv[1]))
    name = dbus.service.BusName("org.freedesktop.portal.Desktop", bus, do_not_queue=True)
    loop = GLib.MainLoop()

    def on_input(source, condition):
        line = sys.stdin.readline()
        if not line:
            loop.quit()
            return False
        portal.change(int(line))
        print(f"color-scheme {int(line)}", flush=True)
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_input)
    print("ready", flush=True)
    loop.run()
    del name


if __name__ == "__main__":
    main()
