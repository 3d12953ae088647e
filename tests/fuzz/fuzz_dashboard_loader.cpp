// libFuzzer target for the dashboard loader (JSON with positions, Grafana's model, its migrations):
// any bytes are either a dashboard or refused with a place in the file (line and column) and words.
// Never a crash, a leak or a hang.
#include "dashboard/DashboardLoader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const promdeck::DashboardLoadResult result = promdeck::loadDashboard(json, QStringLiteral("fuzz.json"));
    if (!result.ok()) {
        bool said = false;
        for (const promdeck::Error &e : result.diagnostics)
            if (!e.isWarning()) {
                if (e.detail.isEmpty())
                    std::abort(); // an error must say what
                said = true;
            }
        if (!said)
            std::abort();
        return 0;
    }
    for (const promdeck::Panel *p : result.dashboard->visiblePanels())
        if (!p)
            std::abort();
    return 0;
}
