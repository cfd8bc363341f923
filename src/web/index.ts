// The dashboard's public face: routes to hand to startHttpServer's `routes` option.
export { dashboardRoutes, type DashboardOptions } from './dashboard-routes.js';
