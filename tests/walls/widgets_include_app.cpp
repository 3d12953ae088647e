// Must not compile: widgets never see the app.
#include "window/MainWindow.h"
