#include "frames/Transformations.h"

#include "frames/TransformationSteps.h"

namespace promdeck {

namespace {

using Step = Frames (*)(const Frames &, const QJsonObject &);
struct StepInfo
{
    const char16_t *id;
    Step apply;
};

constexpr StepInfo Steps[] = {
    {u"organize", transform::organize},
    {u"joinByField", transform::joinByField},
    {u"seriesToColumns", transform::joinByField}, // joinByField's old id
    {u"merge", [](const Frames &in, const QJsonObject &) { return transform::merge(in); }},
    {u"sortBy", transform::sortBy},
    {u"seriesToRows", [](const Frames &in, const QJsonObject &) { return transform::seriesToRows(in); }},
    {u"calculateField", transform::calculateField},
    {u"partitionByValues", transform::partitionByValues},
    {u"groupBy", transform::groupBy},
    {u"filterFieldsByName", transform::filterFieldsByName},
    {u"filterByValue", transform::filterByValue},
    {u"reduce", transform::reduce},
    {u"labelsToFields", transform::labelsToFields},
    {u"renameByRegex", transform::renameByRegex},
};

const StepInfo *stepFor(QStringView id)
{
    for (const StepInfo &s : Steps)
        if (id == QStringView(s.id))
            return &s;
    return nullptr;
}

} // namespace

bool isSupportedTransformation(QStringView id)
{
    return stepFor(id) != nullptr;
}

QStringList supportedTransformations()
{
    QStringList out;
    for (const StepInfo &s : Steps)
        out << QString::fromUtf16(s.id);
    return out;
}

Frames applyTransformation(const Frames &frames, const QString &id, const QJsonObject &options)
{
    const StepInfo *step = stepFor(id);
    return step ? step->apply(frames, options) : frames;
}

TransformResult applyTransformations(Frames frames, const std::vector<Transformation> &steps)
{
    TransformResult result;
    for (const Transformation &t : steps) {
        if (t.disabled)
            continue;
        const StepInfo *step = stepFor(t.id);
        if (!step) {
            result.skipped << QStringLiteral("transformation \"%1\" is not supported; skipped").arg(t.id);
            continue;
        }
        frames = step->apply(frames, t.options);
    }
    result.frames = std::move(frames);
    return result;
}

namespace transform {

QStringList displayNames(const DataFrame &frame, const Frames &all)
{
    QStringList out;
    for (const Field &f : frame.fields)
        out << fieldDisplayName(f, frame, all);
    return out;
}

int fieldIndexByName(const DataFrame &frame, const Frames &all, const QString &displayName)
{
    for (size_t i = 0; i < frame.fields.size(); ++i)
        if (fieldDisplayName(frame.fields[i], frame, all) == displayName)
            return static_cast<int>(i);
    return -1;
}

QRegularExpression grafanaRegex(const QString &text)
{
    if (text.size() > 1 && text.startsWith(QLatin1Char('/'))) {
        const qsizetype end = text.lastIndexOf(QLatin1Char('/'));
        if (end > 0) {
            QRegularExpression::PatternOptions options;
            const QString flags = text.mid(end + 1);
            if (flags.contains(QLatin1Char('i')))
                options |= QRegularExpression::CaseInsensitiveOption;
            if (flags.contains(QLatin1Char('m')))
                options |= QRegularExpression::MultilineOption;
            if (flags.contains(QLatin1Char('s')))
                options |= QRegularExpression::DotMatchesEverythingOption;
            return QRegularExpression(text.mid(1, end - 1), options);
        }
    }
    return QRegularExpression(text);
}

QString valueKey(const FrameValue &v)
{
    if (isNull(v))
        return QStringLiteral("null");
    return (numberIf(v) ? QLatin1Char('n') : QLatin1Char('s')) + asText(v);
}

Field emptyLike(const Field &like)
{
    Field f = like;
    f.values.clear();
    return f;
}

} // namespace transform

} // namespace promdeck
