import { expect } from '@open-wc/testing';
import { linkSlices, type TextSlice } from './links.js';

/** The links found in `text`, as [text, href] pairs. */
const links = (text: string) => linkSlices(text).filter((s) => s.href).map((s) => [s.text, s.href]);

describe('linkSlices: URLs, e-mail addresses and phone numbers in message text', () => {
  it('keeps every character of the text, in order, and plain text is one slice', () => {
    const samples = [
      'Здравствуйте! Заказ №1234567890 от 15.01.2024 в 10:30, сумма 1 000 000 ₽.',
      'See https://shop.example/ru/items?id=5&x=(1) or write to anna@shop.example, +7 (999) 123-45-67.',
      '',
      '<script>alert(1)</script> javascript:alert(1) data:text/html,<b>x</b>',
    ];
    for (const text of samples) expect(linkSlices(text).map((s) => s.text).join('')).to.equal(text);
    expect(linkSlices('просто текст')).to.deep.equal([{ text: 'просто текст' }]);
    expect(linkSlices('')).to.deep.equal([{ text: '' }]);
  });

  it('links http(s) URLs, leaving trailing punctuation out but balanced brackets in', () => {
    expect(links('Смотрите https://shop.example/catalog.')).to.deep.equal([['https://shop.example/catalog', 'https://shop.example/catalog']]);
    expect(links('(см. http://a.example/x), и https://b.example/?q=1&r=2!')).to.deep.equal([
      ['http://a.example/x', 'http://a.example/x'],
      ['https://b.example/?q=1&r=2', 'https://b.example/?q=1&r=2'],
    ]);
    expect(links('https://en.wikipedia.org/wiki/Lit_(library) is a page')).to.deep.equal([
      ['https://en.wikipedia.org/wiki/Lit_(library)', 'https://en.wikipedia.org/wiki/Lit_(library)'],
    ]);
    expect(links('«https://shop.example/a»')).to.deep.equal([['https://shop.example/a', 'https://shop.example/a']]);
    expect(links('<https://shop.example/a>')).to.deep.equal([['https://shop.example/a', 'https://shop.example/a']]);
    // The href is the browser's own reading of the URL (normalized), never the raw text.
    expect(links('HTTPS://Shop.Example/путь')).to.deep.equal([['HTTPS://Shop.Example/путь', 'https://shop.example/%D0%BF%D1%83%D1%82%D1%8C']]);
  });

  it('links e-mail addresses as mailto: and phone numbers as tel: with their digits', () => {
    expect(links('Пишите на anna.petrova+shop@mail.example.ru.')).to.deep.equal([
      ['anna.petrova+shop@mail.example.ru', 'mailto:anna.petrova+shop@mail.example.ru'],
    ]);
    expect(links('Звоните: +7 (999) 123-45-67, 8 800 555-35-35 или 89991234567; US (415) 555-2671; +44 20 7946 0958')).to.deep.equal([
      ['+7 (999) 123-45-67', 'tel:+79991234567'],
      ['8 800 555-35-35', 'tel:88005553535'],
      ['89991234567', 'tel:89991234567'],
      ['(415) 555-2671', 'tel:4155552671'],
      ['+44 20 7946 0958', 'tel:+442079460958'],
    ]);
  });

  it('does not take order numbers, dates, times, amounts, versions or addresses for phones', () => {
    for (const text of [
      'Заказ №1234567890',
      'Заказ 12345678901234',
      '15.01.2024 10:30',
      '2024-01-15 10:30',
      '1 000 000 ₽',
      'версия 1.2.3.4567890',
      '192.168.100.100',
      'code 123-45',
      'ISBN978-5-699-12014-7x',
    ]) {
      expect(links(text), text).to.deep.equal([]);
    }
  });

  it('never makes a link of any other scheme, and an href is only http(s), mailto or tel', () => {
    const hostile = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '<a href="javascript:alert(1)">x</a>',
      'http://',
      'https://"onmouseover="alert(1)',
      'https://shop.example/"><img src=x onerror=alert(1)>',
      'mailto:x@y.z?body=<script>',
      'tel:+79991234567',
      'https://shop.example/\u202egpj.exe',
    ];
    for (const text of hostile) {
      for (const s of linkSlices(text) as TextSlice[]) {
        if (s.href) expect(s.href, text).to.match(/^(https?:\/\/[^\s"<>]+|mailto:[^\s"<>]+|tel:\+?\d+)$/);
      }
    }
    // A URL ends at a quote or a bracket of markup, and at a bidi control.
    expect(links('https://shop.example/"><img src=x>')).to.deep.equal([['https://shop.example/', 'https://shop.example/']]);
    expect(links('https://shop.example/\u202egpj.exe')).to.deep.equal([['https://shop.example/', 'https://shop.example/']]);
    expect(links('http:// nothing')).to.deep.equal([]);
  });
});
