import { describe, expect, it } from 'vitest';
import { code, escapeMrkdwn, mrkdwnToPlain, safeMrkdwn, truncate } from '../src/mrkdwn.js';

describe('mrkdwn helpers', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & b <!channel> c > d *e* _f_')).toBe(
      'a &amp; b &lt;!channel&gt; c &gt; d *e* _f_',
    );
  });

  it('redacts before escaping', () => {
    expect(safeMrkdwn('<token> Bearer abc')).toBe('&lt;token&gt; Bearer [REDACTED]');
  });

  it('truncates to the limit with an ellipsis, never splitting an escape sequence', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    const cut = truncate(`${'x'.repeat(7)}&amp;yyy`, 10);
    expect(cut).toBe('xxxxxxx…');
    expect(cut.length).toBeLessThanOrEqual(10);
  });

  it('keeps inline code from being closed early by a backtick', () => {
    expect(code('a`b')).toBe("`a'b`");
  });

  it('turns Slack mrkdwn back into plain text for terminals', () => {
    expect(
      mrkdwnToPlain('at <!date^1^{time}|12:00 UTC> see <https://x.example|docs> &lt;pod&gt; &amp;'),
    ).toBe('at 12:00 UTC see docs <pod> &');
  });
});
