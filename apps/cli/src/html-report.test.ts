import { describe, expect, it } from 'vitest';
import { renderHtmlReport, type TrainingReport } from './html-report.js';

const report: TrainingReport = {
  // 14:30 UTC is 22:30 in Shanghai (UTC+8, no daylight saving) and 14:30 in London in December
  generatedAt: '2026-12-01T14:30:00.000Z',
  filter: { quiz: 'onboarding' },
  trainees: [
    {
      trainee: 'li.na',
      attempts: 1,
      finished: 1,
      passed: 1,
      meanScore: 0.969,
      bestScore: 0.969,
      lastAttemptAt: '2026-11-30T16:05:00.000Z',
    },
  ],
  items: [
    {
      itemId: 'greeting.opening',
      title: '接听来电的开场白',
      itemType: 'script',
      responses: 2,
      meanScore: 0.875,
      passRate: 1,
      firstTryPassRate: 0.5,
      meanTries: 1.5,
    },
  ],
  skills: [],
  recentAttempts: [],
};

describe('renderHtmlReport', () => {
  it('writes Chinese headings, Shanghai times and item titles when the locale is zh-CN', () => {
    const page = renderHtmlReport(report, { language: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<h1>kefu 培训报告</h1>');
    expect(page).toContain('生成于 2026年12月1日 22:30(Asia/Shanghai) — 测验 onboarding。');
    // 16:05 UTC on 30 November is 00:05 on 1 December in Shanghai
    expect(page).toContain('<td>2026年12月1日 00:05</td>');
    expect(page).toContain('<td>接听来电的开场白</td><td>greeting.opening</td><td>话术</td>');
    expect(page).toContain('>接听来电的开场白</text>');
    expect(page).not.toContain('2026-12-01T14:30');
    expect(page).not.toMatch(/Trainees|Generated|Mean score/);
  });

  it('writes English headings and times in the given zone when the locale is en', () => {
    const page = renderHtmlReport(report, { language: 'en', timeZone: 'Europe/London' });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Generated Dec 1, 2026, 14:30 (Europe/London) — quiz onboarding.');
    expect(page).toContain('<td>Nov 30, 2026, 16:05</td>');
    expect(page).toContain('<th>Mean score</th>');
    expect(page).toContain('<td>接听来电的开场白</td><td>greeting.opening</td><td>script</td>');
    expect(page).not.toContain('培训报告');
  });
});
