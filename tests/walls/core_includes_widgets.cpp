// Must not compile: nothing in core sees widgets.
#include "panels/PanelFrame.h"
