// The fault matrix through a real winston logger.
import { faultMatrix } from './helpers/fault-matrix.mjs'

faultMatrix('winston')
