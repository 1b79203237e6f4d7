export { forecastStream, type ForecastStream, type ForecastOccurrence, type UsageRate } from './forecast';
export { weeklyWorkload, type WeeklyWorkload, type WorkAssignment } from './workload';
