// libFuzzer target for the rule file loader (YAML as Prometheus reads it, PromQL in each rule, Go
// templates in annotations): any bytes are either rule groups or refused with a place and words.
// Never a crash, a leak or a hang.
#include "alerting/AlertRule.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const promdeck::RuleFileResult result = promdeck::parseRuleFile(yaml, QStringLiteral("fuzz.yml"));
    for (const promdeck::Error &e : result.errors)
        if (e.detail.isEmpty())
            std::abort(); // a refusal must say why
    return 0;
}
