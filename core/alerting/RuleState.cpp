#include "alerting/RuleState.h"

#include "alerting/AlertTemplate.h"

#include <algorithm>

namespace promdeck {

QString alertStateName(AlertState state)
{
    switch (state) {
    case AlertState::Inactive:
        return QStringLiteral("inactive");
    case AlertState::Pending:
        return QStringLiteral("pending");
    case AlertState::Firing:
        return QStringLiteral("firing");
    }
    return {};
}

namespace {

AlertTransition transition(std::int64_t t, const AlertInstance &a, AlertState from, AlertState to)
{
    AlertTransition out;
    out.timeMs = t;
    const auto name = a.labels.find(QStringLiteral("alertname"));
    out.alertname = name == a.labels.end() ? QString() : name->second;
    out.labels = a.labels;
    out.labels.erase(QStringLiteral("alertname"));
    out.from = from;
    out.to = to;
    out.value = a.value;
    out.annotations = a.annotations;
    return out;
}

} // namespace

std::vector<AlertTransition> RuleState::apply(std::int64_t tMs, const std::vector<AlertSample> &samples,
                                              QString *error)
{
    // The instances this evaluation says are active: the element's labels (minus the metric name),
    // the rule's labels (templated) over them, and alertname.
    std::map<AlertLabels, AlertInstance> current;
    for (const AlertSample &s : samples) {
        AlertLabels labels = s.labels;
        labels.erase(QStringLiteral("__name__"));
        const TemplateData data{QMap<QString, QString>(s.labels), s.value};
        for (const auto &[name, value] : m_rule.labels) {
            const QString expanded = expandAlertTemplate(value, data);
            if (expanded.isEmpty())
                labels.erase(name); // an empty label is no label, as in Prometheus
            else
                labels[name] = expanded;
        }
        labels[QStringLiteral("alertname")] = m_rule.name;
        if (current.count(labels)) {
            const QString message =
                QStringLiteral("vector contains metrics with the same labelset after applying "
                               "alert labels");
            fail(tMs, message);
            if (error)
                *error = message;
            return {};
        }
        AlertInstance a;
        a.labels = labels;
        a.value = s.value;
        a.activeAtMs = tMs;
        a.state = AlertState::Pending;
        const TemplateData annotationData{QMap<QString, QString>(labels), s.value};
        for (const auto &[name, text] : m_rule.annotations)
            a.annotations.insert(name, expandAlertTemplate(text, annotationData));
        current.emplace(labels, std::move(a));
    }
    m_lastEvaluationMs = tMs;
    m_lastError.clear();
    m_errorSinceMs = 0;

    std::vector<AlertTransition> out;
    std::map<AlertLabels, AlertState> before;
    for (const auto &[labels, a] : m_active)
        before.emplace(labels, a.state);

    for (auto &[labels, a] : current) {
        auto it = m_active.find(labels);
        if (it != m_active.end() && it->second.state != AlertState::Inactive) {
            it->second.value = a.value; // keeps its activeAt; the newest value and annotations
            it->second.annotations = a.annotations;
            continue;
        }
        m_active[labels] = a; // new, or back after being resolved: pending from now
    }

    for (auto it = m_active.begin(); it != m_active.end();) {
        AlertInstance &a = it->second;
        if (!current.count(it->first)) {
            bool keepFiring = false;
            if (a.state == AlertState::Firing && m_rule.keepFiringForMs > 0) {
                if (a.keepFiringSinceMs == 0)
                    a.keepFiringSinceMs = tMs;
                keepFiring = tMs - a.keepFiringSinceMs < m_rule.keepFiringForMs;
            }
            const bool drop = a.state == AlertState::Pending ||
                              (a.resolvedAtMs != 0 && tMs - a.resolvedAtMs > ResolvedRetentionMs);
            if (a.state != AlertState::Inactive && !keepFiring) {
                out.push_back(transition(tMs, a, a.state, AlertState::Inactive));
                a.state = AlertState::Inactive;
                a.resolvedAtMs = tMs;
            }
            if (drop) {
                it = m_active.erase(it);
                continue;
            }
            if (!keepFiring) {
                ++it;
                continue;
            }
        } else {
            a.keepFiringSinceMs = 0;
        }
        if (a.state == AlertState::Pending && tMs - a.activeAtMs >= m_rule.forMs) {
            a.state = AlertState::Firing;
            a.firedAtMs = tMs;
        }
        ++it;
    }

    // What changed in this evaluation, once per instance: a rule with `for: 0` goes from inactive
    // straight to firing.
    for (const auto &[labels, a] : m_active) {
        const auto was = before.find(labels);
        const AlertState from = was == before.end() ? AlertState::Inactive : was->second;
        if (from != a.state && a.state != AlertState::Inactive)
            out.push_back(transition(tMs, a, from, a.state));
    }
    std::sort(out.begin(), out.end(), [](const AlertTransition &x, const AlertTransition &y) {
        return x.labels != y.labels ? x.labels < y.labels : x.to < y.to;
    });
    return out;
}

void RuleState::fail(std::int64_t tMs, const QString &error)
{
    if (m_errorSinceMs == 0)
        m_errorSinceMs = tMs;
    m_lastError = error;
    m_lastEvaluationMs = tMs;
}

std::vector<AlertSample> samplesOf(const QueryResult &result)
{
    std::vector<AlertSample> out;
    for (const Series &s : result.series) {
        if (s.values.empty())
            continue;
        AlertSample sample;
        for (const Label &l : s.labels.labels())
            sample.labels[l.name] = l.value;
        sample.value = s.values.back();
        out.push_back(std::move(sample));
    }
    return out;
}

std::vector<AlertSample> samplesAt(const QueryResult &result, std::int64_t tMs)
{
    std::vector<AlertSample> out;
    for (const Series &s : result.series) {
        const auto it = std::lower_bound(s.timestampsMs.begin(), s.timestampsMs.end(), tMs);
        if (it == s.timestampsMs.end() || *it != tMs)
            continue;
        AlertSample sample;
        for (const Label &l : s.labels.labels())
            sample.labels[l.name] = l.value;
        sample.value = s.values[static_cast<size_t>(it - s.timestampsMs.begin())];
        out.push_back(std::move(sample));
    }
    return out;
}

} // namespace promdeck
