// Message boxes whose text comes from servers and files (error words, titles, paths). QMessageBox guesses
// rich text the way QLabel does (Qt::AutoText), so a server's error reading `<img src=...>` would be
// drawn as markup; a box made here shows the text as written.
#pragma once

#include <QMessageBox>

namespace promdeck {

inline void showPlainMessage(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                             const QString &text)
{
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

} // namespace promdeck
