export { AssetDirectoryModule } from './asset-directory.module';
