// The fault matrix through a real pino logger.
import { faultMatrix } from './helpers/fault-matrix.mjs'

faultMatrix('pino')
