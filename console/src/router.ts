// The console's pages and who may open each: a page whose roles the person lacks is neither in the menu
// nor reachable by its address (they land on the first page they may open).
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { can, session, type Role } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    roles?: Role[];
    /** Shown in the side menu. */
    menu?: boolean;
    public?: boolean;
  }
}

export const pages: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    component: () => import('./pages/SignInPage.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/overview',
    component: () => import('./pages/OverviewPage.vue'),
    meta: { title: '概览', roles: ['manager'], menu: true },
  },
  {
    path: '/members',
    component: () => import('./pages/MembersPage.vue'),
    meta: { title: '会员', roles: ['cashier', 'manager', 'agent'], menu: true },
  },
  {
    path: '/members/:id',
    component: () => import('./pages/MemberDetailPage.vue'),
    meta: { title: '会员详情', roles: ['cashier', 'manager', 'agent'] },
  },
  {
    path: '/programme',
    component: () => import('./pages/ProgrammePage.vue'),
    meta: { title: '会员方案', roles: ['owner'], menu: true },
  },
  {
    path: '/marketing',
    component: () => import('./pages/MarketingPage.vue'),
    meta: { title: '营销', roles: ['manager'], menu: true },
  },
  {
    path: '/tickets',
    component: () => import('./pages/TicketsPage.vue'),
    meta: { title: '投诉', roles: ['agent'], menu: true },
  },
  {
    path: '/reports',
    component: () => import('./pages/ReportsPage.vue'),
    meta: { title: '报表', roles: ['manager'], menu: true },
  },
  {
    path: '/imports',
    component: () => import('./pages/ImportsPage.vue'),
    meta: { title: '导入导出', roles: ['manager'], menu: true },
  },
  {
    path: '/stores',
    component: () => import('./pages/StoresPage.vue'),
    meta: { title: '门店与员工', roles: ['owner'], menu: true },
  },
  {
    path: '/account',
    component: () => import('./pages/AccountPage.vue'),
    meta: { title: '我的账号', roles: [] },
  },
  { path: '/:rest(.*)*', redirect: () => firstPage() },
];

/** The first menu page the signed-in person may open. */
export function firstPage(): string {
  const page = pages.find((p) => p.meta?.menu && can(...(p.meta.roles ?? [])));
  return page?.path ?? (session.current ? '/account' : '/sign-in');
}

export const router = createRouter({ history: createWebHashHistory(), routes: pages });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!session.current) return { path: '/sign-in', query: { next: to.fullPath } };
  if (to.meta.roles && !can(...to.meta.roles)) return firstPage();
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 会员管理后台` : '会员管理后台';
});
