import { expect } from '@open-wc/testing';
import { highlightSlices } from './highlight.js';

describe('highlightSlices (S-DLG-3)', () => {
  it('cuts text into plain and marked slices; ranges clamped, sorted, overlaps merged', () => {
    expect(highlightSlices('Есть ли ёлка в наличии?', [[8, 12]])).to.deep.equal([
      { text: 'Есть ли ', mark: false },
      { text: 'ёлка', mark: true },
      { text: ' в наличии?', mark: false },
    ]);
    expect(highlightSlices('abcdef', [[4, 99], [0, 2], [1, 3]]).map((s) => (s.mark ? `[${s.text}]` : s.text)).join('')).to.equal('[abc]d[ef]');
    expect(highlightSlices('<img src=x onerror=alert(1)>', [[1, 4]])[1]).to.deep.equal({ text: 'img', mark: true });
  });

  it('keeps a window around the first match of a long text, with ellipses', () => {
    const text = `${'a'.repeat(200)}ёлка${'b'.repeat(200)}`;
    const slices = highlightSlices(text, [[200, 204]], 40);
    expect(slices[0]).to.deep.equal({ text: '…', mark: false });
    expect(slices.find((s) => s.mark)!.text).to.equal('ёлка');
    expect(slices.at(-1)).to.deep.equal({ text: '…', mark: false });
    expect(slices.map((s) => s.text).join('').length).to.equal(42);
  });
});
