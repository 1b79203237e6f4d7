export { expectEventually } from './expect-eventually';
export {
  REPO_ROOT,
  testKafkaBrokers,
  testDatabaseServerUrl,
  uniqueName,
  recreateDatabase,
  kafkaControl,
} from './infrastructure';
export {
  servicesWithMain,
  freePort,
  startServiceProcess,
  waitUntilReady,
  terminate,
  killRemaining,
  type ServiceProcess,
  type StartServiceOptions,
  type Termination,
} from './service-process';
export { readTopic, type ReadTopicOptions, type TopicMessage } from './topic-reader';
export { countAfterMarker, type Marker } from './count-after-marker';
