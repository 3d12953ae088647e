// An immutable, interned set of Prometheus labels. Equal label sets share one allocation across
// responses, so a dashboard refreshed every few seconds for a week does not grow with every refresh.
#pragma once

#include <QString>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace promdeck {

struct Label
{
    QString name;
    QString value;
    friend bool operator==(const Label &, const Label &) = default;
};

class LabelSet
{
public:
    LabelSet();

    // Builds an interned set from labels in any order (sorted by name here).
    static LabelSet fromLabels(std::vector<Label> labels);

    const std::vector<Label> &labels() const { return *m_labels; }
    bool isEmpty() const { return m_labels->empty(); }
    qsizetype size() const { return static_cast<qsizetype>(m_labels->size()); }
    QString value(QStringView name) const;
    bool contains(QStringView name) const;
    QString metricName() const { return value(u"__name__"); }
    // `{a="x", b="y"}` in PromQL selector syntax, with the metric name in front when present.
    QString toString() const;
    const void *identity() const { return m_labels.get(); }

    friend bool operator==(const LabelSet &a, const LabelSet &b)
    {
        return a.m_labels == b.m_labels || *a.m_labels == *b.m_labels;
    }

private:
    explicit LabelSet(std::shared_ptr<const std::vector<Label>> labels) : m_labels(std::move(labels)) {}
    std::shared_ptr<const std::vector<Label>> m_labels;
};

// Prometheus' order of label sets (labels.Compare: name, then value, pair by pair, in UTF-8 byte order;
// a prefix first), the order its range queries answer in. Negative, zero or positive.
int compareLabelSets(const LabelSet &a, const LabelSet &b);

// Interns label names and values straight from UTF-8 bytes (a response's label strings repeat on
// almost every series). Thread-safe: parsers run on worker threads.
QString internLabelString(std::string_view utf8);
// How many strings the pool holds (tests: it stays bounded by what is still in use).
qsizetype internedLabelStringCount();

} // namespace promdeck
