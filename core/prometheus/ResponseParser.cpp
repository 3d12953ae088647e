#include "prometheus/ResponseParser.h"

#include "http/HttpErrors.h"

#include "json/JsonCursor.h"
#include <QRegularExpression>
#include <fast_float/fast_float.h>

namespace promdeck {

namespace {

using json::JsonCursor;

bool parseSampleValue(std::string_view text, double &out)
{
    const char *b = text.data();
    const char *e = b + text.size();
    if (b < e && *b == '+') // "+Inf"; fast_float does not take a leading '+'
        ++b;
    const auto r = fast_float::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e;
}

class QueryBodyParser
{
public:
    QueryBodyParser(QByteArrayView body, qsizetype maxSeries)
        : m_cursor(body.data(), body.data() + body.size()), m_maxSeries(maxSeries)
    {
    }

    bool parse()
    {
        if (!m_cursor.expect('{'))
            return false;
        bool first = true;
        std::string_view key;
        while (m_cursor.nextMember(key, m_keyScratch, first)) {
            if (key == "status") {
                if (!m_cursor.readString(status))
                    return false;
            } else if (key == "data") {
                if (m_cursor.peek() == 'n') {
                    if (!m_cursor.readLiteral("null"))
                        return false;
                } else if (!parseData()) {
                    return false;
                }
            } else if (key == "errorType") {
                if (!m_cursor.readString(errorType))
                    return false;
            } else if (key == "error") {
                if (!m_cursor.readString(error))
                    return false;
            } else if (key == "warnings" || key == "infos") {
                if (!parseStringList(key == "warnings" ? result.warnings : result.infos))
                    return false;
            } else if (!m_cursor.skipValue()) {
                return false;
            }
        }
        if (m_cursor.failed())
            return false;
        if (!m_cursor.atEnd()) {
            m_cursor.fail(QStringLiteral("unexpected content after the JSON document"));
            return false;
        }
        return true;
    }

    const JsonCursor &cursor() const { return m_cursor; }

    QString status;
    QString errorType;
    QString error;
    QString resultType;
    QueryResult result;
    bool sawResult = false;

private:
    bool parseStringList(QStringList &out)
    {
        if (m_cursor.peek() == 'n')
            return m_cursor.readLiteral("null");
        if (!m_cursor.expect('['))
            return false;
        bool first = true;
        while (m_cursor.nextItem(first)) {
            QString s;
            if (!m_cursor.readString(s))
                return false;
            out << s;
        }
        return !m_cursor.failed();
    }

    bool parseData()
    {
        if (!m_cursor.expect('{'))
            return false;
        bool first = true;
        std::string_view key;
        while (m_cursor.nextMember(key, m_keyScratch, first)) {
            if (key == "resultType") {
                if (!m_cursor.readString(resultType))
                    return false;
            } else if (key == "result") {
                sawResult = true;
                if (!parseResult())
                    return false;
            } else if (!m_cursor.skipValue()) {
                return false;
            }
        }
        return !m_cursor.failed();
    }

    // The shape of `result` tells its type, so the order of `resultType` and `result` does not matter.
    bool parseResult()
    {
        if (m_cursor.peek() == 'n')
            return m_cursor.readLiteral("null");
        if (!m_cursor.expect('['))
            return false;
        const char next = m_cursor.peek();
        if (next == ']') {
            m_cursor.consume(']');
            return true;
        }
        if (next != '{') {
            // scalar or string: [<ts>, "<value>"]
            Series s;
            std::int64_t t = 0;
            std::string_view text;
            if (!m_cursor.readTimestampMs(t) || !m_cursor.expect(',') ||
                !m_cursor.readString(text, m_valueScratch) || !m_cursor.expect(']'))
                return false;
            double v = 0;
            if (parseSampleValue(text, v)) {
                s.timestampsMs.push_back(t);
                s.values.push_back(v);
                result.series.push_back(std::move(s));
            } else {
                result.stringValue = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
            }
            m_scalarShape = true;
            return true;
        }
        bool first = true;
        while (m_cursor.nextItem(first)) {
            ++result.totalSeries;
            const bool keep = m_maxSeries <= 0 || static_cast<qsizetype>(result.series.size()) < m_maxSeries;
            if (keep ? !parseSeriesEntry() : !m_cursor.skipValue())
                return false;
        }
        return !m_cursor.failed();
    }

    bool parseSeriesEntry()
    {
        if (!m_cursor.expect('{'))
            return false;
        Series s;
        bool first = true;
        std::string_view key;
        while (m_cursor.nextMember(key, m_keyScratch, first)) {
            if (key == "metric") {
                if (!parseLabels(s.labels))
                    return false;
            } else if (key == "values") {
                if (!parseSamples(s))
                    return false;
            } else if (key == "value") {
                if (!parseSample(s))
                    return false;
            } else if (!m_cursor.skipValue()) { // "histogram(s)" of native histograms: tolerated, not drawn
                return false;
            }
        }
        if (m_cursor.failed())
            return false;
        result.series.push_back(std::move(s));
        return true;
    }

    bool parseLabels(LabelSet &out)
    {
        if (!m_cursor.expect('{'))
            return false;
        std::vector<Label> labels;
        bool first = true;
        std::string_view key;
        std::string nameScratch;
        while (m_cursor.nextMember(key, nameScratch, first)) {
            QString name = internLabelString(key);
            std::string_view value;
            if (!m_cursor.readString(value, m_valueScratch))
                return false;
            labels.push_back({std::move(name), internLabelString(value)});
        }
        if (m_cursor.failed())
            return false;
        out = LabelSet::fromLabels(std::move(labels));
        return true;
    }

    bool parseSample(Series &s)
    {
        std::int64_t t = 0;
        std::string_view text;
        if (!m_cursor.expect('[') || !m_cursor.readTimestampMs(t) || !m_cursor.expect(',') ||
            !m_cursor.readString(text, m_valueScratch) || !m_cursor.expect(']'))
            return false;
        double v = 0;
        if (!parseSampleValue(text, v)) {
            m_cursor.fail(QStringLiteral("sample value that is not a number: \"%1\"")
                              .arg(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))));
            return false;
        }
        s.timestampsMs.push_back(t);
        s.values.push_back(v);
        return true;
    }

    // The hot loop: about a million iterations for a large range query. It handles the compact form
    // Prometheus writes (`[1700000000.123,"42.5"]`) directly and hands anything else to parseSample.
    bool parseSamples(Series &s)
    {
        if (!m_cursor.expect('['))
            return false;
        if (m_cursor.consume(']'))
            return true;
        // A first guess at the size saves most reallocations: samples are about 25 bytes each.
        const auto remaining = static_cast<std::size_t>(m_cursor.end() - m_cursor.position());
        const std::size_t guess = std::min<std::size_t>(remaining / 24, 11001);
        s.timestampsMs.reserve(guess);
        s.values.reserve(guess);
        const char *end = m_cursor.end();
        while (true) {
            const char *p = m_cursor.position();
            if (!fastSample(p, end, s)) {
                if (!parseSample(s))
                    return false;
                p = m_cursor.position();
            }
            m_cursor.setPosition(p);
            if (p < end && *p == ',') {
                m_cursor.setPosition(p + 1);
                continue;
            }
            if (p < end && *p == ']') {
                m_cursor.setPosition(p + 1);
                return true;
            }
            if (m_cursor.consume(','))
                continue;
            if (m_cursor.consume(']'))
                return true;
            m_cursor.failUnexpected("',' or ']'");
            return false;
        }
    }

    // On success advances p past the closing ']' of one pair; on any surprise leaves p alone.
    static bool fastSample(const char *&p, const char *end, Series &s)
    {
        const char *q = p;
        if (end - q < 8 || *q != '[')
            return false;
        ++q;
        std::int64_t whole = 0;
        const char *digitsStart = q;
        while (q < end && static_cast<unsigned>(*q - '0') < 10) {
            if (q - digitsStart == 15)
                return false; // longer than any timestamp in seconds: the careful path says what is wrong
            whole = whole * 10 + (*q++ - '0');
        }
        if (q == digitsStart || q >= end)
            return false;
        std::int64_t frac = 0;
        if (*q == '.') {
            ++q;
            int fracDigits = 0;
            while (q < end && static_cast<unsigned>(*q - '0') < 10 && fracDigits < 3) {
                frac = frac * 10 + (*q++ - '0');
                ++fracDigits;
            }
            if (fracDigits == 0)
                return false;
            for (int i = fracDigits; i < 3; ++i)
                frac *= 10;
        }
        if (q + 2 >= end || q[0] != ',' || q[1] != '"')
            return false;
        q += 2;
        const char *valueStart = q;
        while (q < end && *q != '"' && *q != '\\')
            ++q;
        if (q + 1 >= end || *q != '"' || q[1] != ']')
            return false;
        double v = 0;
        if (!parseSampleValue(std::string_view(valueStart, static_cast<std::size_t>(q - valueStart)), v))
            return false;
        s.timestampsMs.push_back(whole * 1000 + frac);
        s.values.push_back(v);
        p = q + 2;
        return true;
    }

    JsonCursor m_cursor;
    qsizetype m_maxSeries = 0;
    std::string m_keyScratch;
    std::string m_valueScratch;
    bool m_scalarShape = false;

public:
    bool scalarShape() const { return m_scalarShape; }
};

ResultType resultTypeFrom(const QString &name, bool scalarShape, bool vectorShape)
{
    if (name == u"matrix")
        return ResultType::Matrix;
    if (name == u"vector")
        return ResultType::Vector;
    if (name == u"scalar")
        return ResultType::Scalar;
    if (name == u"string")
        return ResultType::String;
    if (scalarShape)
        return ResultType::Scalar;
    return vectorShape ? ResultType::Vector : ResultType::Matrix;
}

QString describeParseFailure(const JsonCursor &cursor, qsizetype bodySize)
{
    const auto offset = cursor.errorOffset();
    // Valid JSON holding a sample Prometheus would never write: not a JSON problem.
    if (cursor.error().startsWith(QLatin1String("sample value ")))
        return QStringLiteral("the answer holds a %1 (at byte %2)").arg(cursor.error()).arg(offset);
    if (offset >= bodySize || cursor.failedAtEndOfInput())
        return QStringLiteral("the answer stops after %1 bytes, in the middle of the JSON "
                              "(cut by a proxy or a dropped connection?)")
            .arg(bodySize);
    return QStringLiteral("invalid JSON at byte %1: %2").arg(offset).arg(cursor.error());
}

} // namespace

Error unreadableAnswerError(QByteArrayView body, int httpStatus, const QString &url)
{
    Error error;
    error.httpStatus = httpStatus;
    error.url = url;
    qsizetype firstByte = 0;
    while (firstByte < body.size() && QChar::isSpace(body[firstByte]))
        ++firstByte;
    if (firstByte == body.size() || body[firstByte] != '{') {
        const bool httpFailed = httpStatus >= 300;
        error.kind = httpFailed ? Error::Kind::HttpStatus : Error::Kind::MalformedResponse;
        error.detail = firstByte == body.size() ? QStringLiteral("empty body") : summarizeErrorBody(body);
        if (!httpFailed)
            error.detail = QStringLiteral("expected a JSON answer, got: ") + error.detail;
        return error;
    }
    QueryBodyParser parser(body, 1);
    error.kind = Error::Kind::MalformedResponse;
    error.detail = parser.parse() ? QStringLiteral("the answer is JSON, but not shaped as the API answers")
                                  : describeParseFailure(parser.cursor(), body.size());
    return error;
}

QueryOutcome parseQueryResponse(QByteArrayView body, int httpStatus, const QString &url, qsizetype maxSeries)
{
    qsizetype firstByte = 0;
    while (firstByte < body.size() && QChar::isSpace(body[firstByte]))
        ++firstByte;
    if (firstByte == body.size() || body[firstByte] != '{')
        return QueryOutcome::failure(unreadableAnswerError(body, httpStatus, url));

    Error error;
    error.httpStatus = httpStatus;
    error.url = url;
    QueryBodyParser parser(body, maxSeries);
    const bool parsed = parser.parse();
    const bool saysError =
        parser.status == u"error" || (!parser.errorType.isEmpty() && parser.status != u"success");
    // A cut envelope may still say it is an error; prefer the server's words when it got that far.
    if (saysError && (parsed || !parser.error.isEmpty())) {
        error.kind = Error::kindFromErrorType(parser.errorType);
        error.errorType = parser.errorType;
        error.detail = Error::shortened(parser.error);
        return QueryOutcome::failure(error);
    }
    if (!parsed) {
        error.kind = Error::Kind::MalformedResponse;
        error.detail = describeParseFailure(parser.cursor(), body.size());
        return QueryOutcome::failure(error);
    }
    if (parser.status != u"success" || !parser.sawResult) {
        error.kind = Error::Kind::MalformedResponse;
        error.detail = parser.status != u"success"
                           ? QStringLiteral("the answer has no \"status\": \"success\"")
                           : QStringLiteral("the answer has no data.result");
        return QueryOutcome::failure(error);
    }
    QueryResult result = std::move(parser.result);
    if (result.totalSeries < static_cast<qsizetype>(result.series.size()))
        result.totalSeries = static_cast<qsizetype>(result.series.size()); // scalars and strings
    if (result.totalSeries > static_cast<qsizetype>(result.series.size()))
        result.warnings << QStringLiteral("%1 series, showing %2: refine the query")
                               .arg(result.totalSeries)
                               .arg(result.series.size());
    bool vectorShape = !result.series.empty() && result.series.front().size() <= 1;
    result.type = resultTypeFrom(parser.resultType, parser.scalarShape(), vectorShape);
    return QueryOutcome::success(std::move(result));
}

} // namespace promdeck
