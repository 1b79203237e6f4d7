export { expectEventually } from './expect-eventually';
export {
  REPO_ROOT,
  testKafkaBrokers,
  testDatabaseServerUrl,
  uniqueName,
  recreateDatabase,
  kafkaControl,
} from './infrastructure';
