/** Words of the queue page's paging (ICU message syntax), spread into the catalogue in messages.ts. */
export const en = {
  loadMore: 'Load more',
  shownOfTotal: '{shown} of {total}',
} as const;

export const zh: Record<keyof typeof en, string> = {
  loadMore: '加载更多',
  shownOfTotal: '已显示 {shown} / 共 {total}',
};
