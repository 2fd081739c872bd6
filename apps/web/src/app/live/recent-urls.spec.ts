import { TestBed } from '@angular/core/testing';
import { RecentUrls } from './recent-urls';
import { SessionNames } from './session-names';

describe('RecentUrls and SessionNames', () => {
  beforeEach(() => localStorage.clear());

  it('keeps six URLs, newest first, without duplicates, across visits', () => {
    const recent = TestBed.inject(RecentUrls);
    for (let i = 1; i <= 7; i++) recent.remember(`rtsp://cam/${i}`);
    recent.remember('rtsp://cam/4');
    expect(recent.urls()).toEqual([
      'rtsp://cam/4',
      'rtsp://cam/7',
      'rtsp://cam/6',
      'rtsp://cam/5',
      'rtsp://cam/3',
      'rtsp://cam/2',
    ]);
    recent.forget('rtsp://cam/7');
    TestBed.resetTestingModule();
    expect(TestBed.inject(RecentUrls).urls()).toHaveLength(5);
  });

  it('survives junk in storage', () => {
    localStorage.setItem('camrec.recent-urls', '{not json');
    localStorage.setItem('camrec.session-names', '[["a", 1], ["b", "Porch"]]');
    expect(TestBed.inject(RecentUrls).urls()).toEqual([]);
    expect(TestBed.inject(SessionNames).nameOf('b')).toBe('Porch');
    expect(TestBed.inject(SessionNames).nameOf('a')).toBeNull();
  });
});
