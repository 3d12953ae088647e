#include "explore/PromqlEditor.h"

#include "panels/Palette.h"
#include "panels/PlainText.h"
#include "promql/Lexer.h"
#include "promql/Parser.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QSyntaxHighlighter>

namespace promdeck {

namespace {

// The lexer and parser count UTF-8 bytes; the editor counts UTF-16 units.
int charOffset(const QByteArray &utf8, int byteOffset)
{
    return static_cast<int>(
        QString::fromUtf8(utf8.left(std::clamp<qsizetype>(byteOffset, 0, utf8.size()))).size());
}

int byteOffset(const QString &text, int charOffset)
{
    return static_cast<int>(text.left(charOffset).toUtf8().size());
}

QTextCharFormat colour(const QColor &color, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(color);
    if (bold)
        f.setFontWeight(QFont::DemiBold);
    f.setFontItalic(italic);
    return f;
}

// Colours every token of the whole text (a token may span lines: a string, a comment's line) and
// applies, per block, the part that falls in it.
class PromqlHighlighter : public QSyntaxHighlighter
{
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &) override
    {
        const QString whole = document()->toPlainText();
        if (whole != m_lexed)
            lex(whole);
        const int blockStart = currentBlock().position();
        const int blockEnd = blockStart + currentBlock().length();
        for (const Span &span : m_spans) {
            const int from = std::max(span.start, blockStart);
            const int to = std::min(span.end, blockEnd);
            if (from < to)
                setFormat(from - blockStart, to - from, span.format);
        }
    }

private:
    struct Span
    {
        int start;
        int end;
        QTextCharFormat format;
    };

    void lex(const QString &text)
    {
        m_lexed = text;
        m_spans.clear();
        const QByteArray utf8 = text.toUtf8();
        const QTextCharFormat keyword = colour(QColor(0x57, 0x94, 0xf2), true);
        const QTextCharFormat function = colour(QColor(0x57, 0x94, 0xf2));
        const QTextCharFormat label = colour(QColor(0xf2, 0xcc, 0x0c));
        const QTextCharFormat string = colour(theme::Ok);
        const QTextCharFormat number = colour(theme::Warning);
        const QTextCharFormat op = colour(QColor(0xb8, 0x77, 0xd9));
        const QTextCharFormat comment = colour(theme::MutedText, false, true);
        promql::Lexer lexer(utf8);
        for (promql::Token t = lexer.next();
             t.type != promql::TokenType::Eof && t.type != promql::TokenType::Error; t = lexer.next()) {
            using promql::TokenType;
            const QTextCharFormat *format = nullptr;
            if (t.type == TokenType::Comment)
                format = &comment;
            else if (t.type == TokenType::String)
                format = &string;
            else if (t.type == TokenType::Number || t.type == TokenType::Duration)
                format = &number;
            else if (promql::isAggregator(t.type) || promql::isKeyword(t.type) ||
                     t.type == TokenType::Start || t.type == TokenType::End || promql::isSetOperator(t.type))
                format = &keyword;
            else if (promql::isOperator(t.type))
                format = &op;
            else if (t.type == TokenType::Identifier && lexer.insideBraces())
                format = &label;
            else if (t.type == TokenType::Identifier) {
                int next = t.end;
                while (next < utf8.size() && (utf8[next] == ' ' || utf8[next] == '\t' || utf8[next] == '\n'))
                    ++next;
                if (next < utf8.size() && utf8[next] == '(')
                    format = &function;
            }
            if (format)
                m_spans.push_back({charOffset(utf8, t.pos), charOffset(utf8, t.end), *format});
        }
    }

    QString m_lexed;
    std::vector<Span> m_spans;
};

QString kindName(promql::CompletionKind kind)
{
    switch (kind) {
    case promql::CompletionKind::MetricName:
        return PromqlEditor::tr("metric");
    case promql::CompletionKind::Function:
        return PromqlEditor::tr("function");
    case promql::CompletionKind::Aggregation:
        return PromqlEditor::tr("aggregation");
    case promql::CompletionKind::LabelName:
        return PromqlEditor::tr("label");
    case promql::CompletionKind::LabelValue:
        return PromqlEditor::tr("value");
    default:
        return PromqlEditor::tr("keyword");
    }
}

} // namespace

PromqlEditor::PromqlEditor(QWidget *parent)
    : QPlainTextEdit(parent), m_completer(new QCompleter(this)), m_candidates(new QStandardItemModel(this))
{
    new PromqlHighlighter(document());
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 1.1);
    setFont(mono);
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setPlaceholderText(tr("PromQL, e.g. sum by (status) (rate(http_requests_total[5m])) — Shift+Enter runs"));
    // Three lines high, growing with the text up to ten.
    const auto fit = [this] {
        const int lines = std::clamp(document()->lineCount(), 3, 10);
        setFixedHeight(fontMetrics().lineSpacing() * lines + 2 * frameWidth() +
                       int(document()->documentMargin() * 2) + 4);
    };
    fit();
    connect(document(), &QTextDocument::blockCountChanged, this, fit);

    m_completer->setModel(m_candidates);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setMaxVisibleItems(12);
    m_completer->popup()->setAccessibleName(tr("Completions"));
    m_completer->popup()->installEventFilter(this);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) { insertCandidate(index.data(Qt::UserRole).toInt()); });
    // The popup is outside the accessibility tree (Qt lists no popups there): the editor describes the
    // candidate under the cursor, name, type and help, as a combo box's text field would.
    connect(m_completer->popup()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { describeCandidate(current); });

    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        check();
        if (m_typing)
            completeAtCursor();
    });
}

void PromqlEditor::setMetadata(promql::MetadataCache *cache)
{
    if (m_cache)
        m_cache->disconnect(this);
    m_cache = cache;
    if (!cache)
        return;
    // An answer the completion was waiting for: ask again, if the person is still at it.
    connect(cache, &promql::MetadataCache::updated, this, [this] {
        if (m_completion.pending && hasFocus())
            completeAtCursor(m_completer->popup()->isVisible());
    });
}

void PromqlEditor::setExpression(const QString &text)
{
    m_typing = false;
    setPlainText(text);
    moveCursor(QTextCursor::End);
}

void PromqlEditor::check()
{
    const QString text = toPlainText();
    QString problem;
    QList<QTextEdit::ExtraSelection> marks;
    if (!text.trimmed().isEmpty()) {
        const QByteArray utf8 = text.toUtf8();
        const promql::ParseResult parsed = promql::parse(QByteArrayView(utf8));
        if (parsed.error) {
            problem = parsed.error->toString();
            int start = charOffset(utf8, parsed.errorStart);
            int end = charOffset(utf8, parsed.errorEnd);
            if (end <= start)
                end = start + 1;
            if (end > text.size()) { // at the end of the text: the last character carries the mark
                end = static_cast<int>(text.size());
                start = std::max(0, std::min(start, end - 1));
            }
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(document());
            mark.cursor.setPosition(start);
            mark.cursor.setPosition(end, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(theme::Error);
            mark.format.setToolTip(plainToolTip(problem));
            marks << mark;
        }
    }
    setExtraSelections(marks);
    if (problem != m_problem) {
        m_problem = problem;
        emit problemChanged(problem);
    }
}

void PromqlEditor::completeAtCursor(bool asked)
{
    const QString text = toPlainText();
    const QByteArray utf8 = text.toUtf8();
    const int cursor = byteOffset(text, textCursor().position());
    m_completion = promql::complete(QByteArrayView(utf8), cursor, m_cache);
    showCompletion(asked);
}

void PromqlEditor::showCompletion(bool asked)
{
    using Kind = promql::CompletionKind;
    const promql::Completion &completion = m_completion;
    // Offered when a word is begun, or where a label or value is all that fits; never for operators
    // and durations alone, which would pop up after every space.
    const bool wanted = asked || !completion.context.prefix.isEmpty() ||
                        (completion.context.kinds & (Kind::LabelName | Kind::LabelValue));
    m_candidates->clear();
    if (!wanted || completion.candidates.empty()) {
        m_completer->popup()->hide();
        describeCandidate({});
        return;
    }
    const int shown = std::min<int>(static_cast<int>(completion.candidates.size()), 200);
    for (int i = 0; i < shown; ++i) {
        const promql::CompletionCandidate &c = completion.candidates[size_t(i)];
        const QString detail = c.detail.isEmpty() ? kindName(c.kind) : c.detail;
        // A metric's HELP on its line (elided in a narrow popup; whole in the tooltip and the description).
        const bool help = c.kind == Kind::MetricName && !c.documentation.isEmpty();
        auto *item = new QStandardItem(c.text + QStringLiteral("   ") + detail +
                                       (help ? QStringLiteral(" · ") + c.documentation : QString()));
        item->setData(i, Qt::UserRole);
        const QString about =
            c.documentation.isEmpty() ? detail : detail + QLatin1Char('\n') + c.documentation;
        item->setData(plainToolTip(about), Qt::ToolTipRole); // HELP text is the server's words
        item->setData(c.text, Qt::AccessibleTextRole);
        item->setData(about, Qt::AccessibleDescriptionRole);
        m_candidates->appendRow(item);
    }
    QRect at = cursorRect();
    QAbstractItemView *popup = m_completer->popup();
    at.setWidth(std::clamp(popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width(), 360,
                           std::max(360, window()->width() - 40)));
    m_completer->complete(at);
    popup->setCurrentIndex(m_candidates->index(0, 0));
    describeCandidate(popup->currentIndex());
}

void PromqlEditor::describeCandidate(const QModelIndex &index)
{
    setAccessibleDescription(index.isValid()
                                 ? index.data(Qt::AccessibleTextRole).toString() + QStringLiteral(": ") +
                                       index.data(Qt::AccessibleDescriptionRole).toString()
                                 : QString());
}

void PromqlEditor::insertCandidate(int index)
{
    describeCandidate({});
    if (index < 0 || index >= static_cast<int>(m_completion.candidates.size()))
        return;
    const promql::CompletionCandidate &candidate = m_completion.candidates[size_t(index)];
    const QByteArray utf8 = toPlainText().toUtf8();
    QTextCursor cursor = textCursor();
    cursor.setPosition(charOffset(utf8, m_completion.context.replaceStart));
    cursor.setPosition(charOffset(utf8, m_completion.context.replaceEnd), QTextCursor::KeepAnchor);
    m_typing = false;
    cursor.insertText(candidate.insert.isEmpty() ? candidate.text : candidate.insert);
    // A function's parentheses: the cursor goes between them.
    if (candidate.insert.endsWith(QStringLiteral("()")))
        cursor.movePosition(QTextCursor::Left);
    setTextCursor(cursor);
    m_completion = {};
}

QStringList PromqlEditor::completionTexts() const
{
    QStringList out;
    if (!isCompletionShown())
        return out;
    for (int row = 0; row < m_candidates->rowCount(); ++row)
        out << m_candidates->item(row)->data(Qt::AccessibleTextRole).toString();
    return out;
}

bool PromqlEditor::isCompletionShown() const
{
    return m_completer->popup()->isVisible();
}

bool PromqlEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_completer->popup() && event->type() == QEvent::Hide)
        describeCandidate({});
    // Shift+Enter runs even while the completion list is open (the list would take a plain Enter).
    if (watched == m_completer->popup() && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ShiftModifier)) {
            m_completer->popup()->hide();
            emit runRequested();
            return true;
        }
    }
    return QPlainTextEdit::eventFilter(watched, event);
}

void PromqlEditor::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && event->modifiers().testFlag(Qt::ShiftModifier)) {
        emit runRequested();
        return;
    }
    // While the list is open these are the list's: the completer acts on the keys its widget ignores.
    if (isCompletionShown() && (enter || event->key() == Qt::Key_Tab || event->key() == Qt::Key_Backtab ||
                                event->key() == Qt::Key_Escape)) {
        event->ignore();
        return;
    }
    if (event->key() == Qt::Key_Space && event->modifiers().testFlag(Qt::ControlModifier)) {
        completeAtCursor(true);
        return;
    }
    // Only what a person types (text, Backspace, Delete) asks for completion; moving does not.
    m_typing =
        !event->text().isEmpty() || event->key() == Qt::Key_Backspace || event->key() == Qt::Key_Delete;
    QPlainTextEdit::keyPressEvent(event);
    m_typing = false;
}

} // namespace promdeck
